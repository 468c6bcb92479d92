"""Alembic migrations of the coo-todo schema, shipped inside the package.

``HEAD`` names the newest revision and ``REVISIONS`` all of them, oldest first: the store
compares them with the database's ``alembic_version`` without importing Alembic, which is only
loaded to upgrade. A test checks that they match the scripts in ``versions/``.
"""

REVISIONS = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]
