"""Liaison: the platform of a science park's overseas liaison offices."""

__version__ = "0.1.0"
