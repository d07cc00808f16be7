"""Word and message templates, installed as the package kit.templates (pyproject.toml maps the folder); kit.resources finds them."""
