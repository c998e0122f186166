"""The national monitor feed's moving parts: transports to receivers and the worker thread."""
