"""Alembic migrations, shipped inside the package (`assistant.db.migrate` runs them).

Generate a new revision after changing the models in `assistant/models/`:

    .venv/bin/python -m assistant.migrations revision -m "what changed"

and read it before committing: autogenerate misses renames and data moves.
"""
