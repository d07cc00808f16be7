"""The screens' notebooks, installed as the package kit.notebooks (pyproject.toml maps the folder); kit.resources finds them."""
