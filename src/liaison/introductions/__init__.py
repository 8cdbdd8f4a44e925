"""Introductions: expressions of interest, brokered introductions, conversations, audit trail."""
