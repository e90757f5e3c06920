"""What the storage tests share: a database opened on each of SQLite and PostgreSQL, migrated."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from bot.storage.database import Database


@pytest_asyncio.fixture
async def db(migrated_database_url: str) -> AsyncIterator[Database]:
    opened = await Database.open(migrated_database_url)
    yield opened
    await opened.close()
