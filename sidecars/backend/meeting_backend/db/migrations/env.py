"""Alembic environment: always runs on the connection db/schema.py hands over.

That connection holds the MySQL named lock for the whole migration, so no other backend can
migrate at the same time. There is no alembic.ini and no URL here.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
