"""Opportunities: partnering profiles (offers and requests) and their validation lifecycle."""
