"""Inspection station."""
