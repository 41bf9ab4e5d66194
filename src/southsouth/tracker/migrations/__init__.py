"""Alembic migrations of the tracker database (run from code: ``Database.migrate``)."""
