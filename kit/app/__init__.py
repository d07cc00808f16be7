"""The application: the `kit` command, serving, privacy tasks."""
