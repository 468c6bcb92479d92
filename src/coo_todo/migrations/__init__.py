"""Alembic migrations of the coo-todo schema, shipped inside the package.

``HEAD`` names the newest revision and ``REVISIONS`` all of them, oldest first, read from the
names of the scripts in ``versions/`` (``0004_reminders.py`` is revision ``0004``): the store
compares them with the database's ``alembic_version`` without importing Alembic, which is only
loaded to upgrade. A test checks that they match the scripts' own revision chain.
"""

import re
from pathlib import Path

REVISIONS = tuple(
    sorted(
        script.name[:4]
        for script in (Path(__file__).parent / "versions").iterdir()
        if re.fullmatch(r"[0-9]{4}_\w+\.py", script.name)
    )
)
HEAD = REVISIONS[-1]
