"""The domain: pure rules and values, no database, no terminal, no clock (``now`` is passed in).

Dates and working time, scoring, capture syntax, people's names, the records other layers pass
around, and the limits and display rules of user text. Everything else may import it; it imports
only ``coo_todo.errors``.
"""
