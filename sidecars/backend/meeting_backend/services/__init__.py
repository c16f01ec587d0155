"""Checks against remote services (database, Dify, company auth API); no FastAPI imports here."""
