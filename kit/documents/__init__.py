"""Documents and charts made from the model: memo, welfare report, invitations, metrics, annual clock."""
