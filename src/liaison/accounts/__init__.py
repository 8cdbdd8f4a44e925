"""Accounts: users and their roles (HQ staff, officer of an office, member of an organization)."""
