"""The phones: what a device may do (rules), the server, the page."""
