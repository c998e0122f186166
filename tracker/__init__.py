"""Ambacht tracker."""
