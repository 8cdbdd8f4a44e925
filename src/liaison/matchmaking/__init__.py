"""Matchmaking: the Django adapter of the matching engine (index sync, matches, search)."""
