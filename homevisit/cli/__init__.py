"""The `homevisit` command line."""
