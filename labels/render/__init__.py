"""Renderers: each turns a `Layout` into the bytes of one file format."""
