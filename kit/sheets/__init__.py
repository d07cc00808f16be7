"""Spreadsheets read in: the association register, sign-ups."""
