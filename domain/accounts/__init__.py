"""Accounts, passwords, sign-in with lockout, bearer tokens and role grants."""
