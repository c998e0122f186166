"""Ambacht gateway."""
