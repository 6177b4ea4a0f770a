"""Alembic's environment: migrate over the connection `bot.db` hands over."""

from __future__ import annotations

from alembic import context

from bot.db.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run through bot.db.Database.open(DATABASE_URL)")
# SQLite alters tables by copying them ("batch" mode); PostgreSQL alters in place.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
