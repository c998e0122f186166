"""Ambacht labels."""
