"""MQTT ingest: weighings, scale status and live readings from the gateways."""
