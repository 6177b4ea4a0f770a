"""Alembic migrations, run by `bot.db.Database.open` at start (never `create_all`)."""
