"""The sample evenings and annual clock, installed as the package kit.sample_data (pyproject.toml maps the folder); kit.resources finds them."""
