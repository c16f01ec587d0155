"""The meetings database: engine, tables, schema migrations (Alembic) and the named lock."""
