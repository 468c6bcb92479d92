"""Alembic environment: migrate the connection the store hands over (``config.attributes``)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from coo_todo.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
