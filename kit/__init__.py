"""Järjestöilta kit: run a municipal association evening and turn it into a memo and report input."""
