"""coo-todo: the morning triage of a chief operating officer, on the command line."""

__version__ = "0.1.0"
