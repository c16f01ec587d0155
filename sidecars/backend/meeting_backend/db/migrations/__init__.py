"""Alembic migrations, shipped inside the package (and the PyInstaller bundle) as plain files."""
