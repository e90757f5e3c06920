"""One delivery worker process on PostgreSQL, for the crash-safety tests.

    python -m tests.delivery.pg_worker URL WORKER_ID CLOCK [--wait]

Builds a real Core on the database at URL with a simulated clock standing at CLOCK, adds a
"test" platform that writes every send into the table ``sent_log`` of the same database (no
unique constraint, so a duplicate send shows as two rows) and finds earlier sends there by
marker, as a real platform's history would. With ``--wait`` it prints ``ready`` and waits for a
line on standard input before its tick, so that the test can start several workers at once.
NETGROUPS_CRASH_AT / NETGROUPS_CRASH_AFTER kill it at a fault point, as in the bot itself.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import datetime

import asyncpg

from bot.bootstrap import build_core
from bot.clock import SimulatedClock
from bot.ports import Destination, Post, ReactionSnapshot, SentMessage
from bot.settings import Settings
from tests.fakes import SimplePlaces

PLATFORM = "test"

SENT_LOG_DDL = """
CREATE TABLE sent_log (
    id bigserial PRIMARY KEY,
    idempotency_key text NOT NULL,
    marker text NOT NULL,
    worker text NOT NULL
)
"""


class SentLogGateway(SimplePlaces):
    """A platform whose history is the table ``sent_log``: every send is one row, committed at once."""

    platform = PLATFORM

    def __init__(self, conn: asyncpg.Connection, worker: str) -> None:
        self._conn = conn
        self._worker = worker

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        number = await self._conn.fetchval(
            "INSERT INTO sent_log (idempotency_key, marker, worker) VALUES ($1, $2, $3) RETURNING id",
            idempotency_key,
            post.marker,
            self._worker,
        )
        return SentMessage("test-channel", str(number))

    async def edit(self, message: SentMessage, post: Post) -> None:
        return None

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        number = await self._conn.fetchval("SELECT min(id) FROM sent_log WHERE marker = $1", marker)
        return SentMessage("test-channel", str(number)) if number is not None else None

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        return ReactionSnapshot()

    async def display_name(self, user: str) -> str:
        return user


async def run(url: str, worker_id: str, clock_at: datetime, *, wait: bool) -> int:
    core = await build_core(Settings(), SimulatedClock(clock_at), database_url=url)
    conn = await asyncpg.connect(url)
    try:
        core.worker.worker_id = worker_id
        core.add_gateway(SentLogGateway(conn, worker_id))
        await core.prepare_delivery()
        if wait:
            print("ready", flush=True)
            await asyncio.to_thread(sys.stdin.readline)
        handled = await core.worker.tick()
        print(f"handled {handled}", flush=True)
    finally:
        await conn.close()
        await core.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="pg_worker")
    parser.add_argument("url")
    parser.add_argument("worker_id")
    parser.add_argument("clock", type=datetime.fromisoformat)
    parser.add_argument("--wait", action="store_true")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    return asyncio.run(run(arguments.url, arguments.worker_id, arguments.clock, wait=arguments.wait))


if __name__ == "__main__":
    raise SystemExit(main())
