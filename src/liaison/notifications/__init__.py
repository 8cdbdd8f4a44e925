"""Notifications: in-app messages and e-mail, with each user's choice per kind."""
