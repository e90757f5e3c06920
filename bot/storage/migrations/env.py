"""Alembic environment: always run on the connection netgroups hands over, never from a URL."""

from alembic import context

from bot.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("netgroups runs its migrations itself at start-up (bot.storage.migrate)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
