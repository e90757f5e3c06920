"""Command latency: ``section join``, ``rsvp``, ``meeting next`` and ``directory search`` on the scale database.

Each command runs in-process as an adapter runs it: ``dispatch(CommandContext, parse(registry, line, "/"))``
on a core built by ``build_core`` over a copy of the generated SQLite file (the bot's own pragmas: WAL,
synchronous=FULL, one connection), with the clock at the instant the data describes. The timed span is
parse + dispatch (what a member waits for, less the platform's round trip and the reply's rendering).
Every call is a different member, section or query, spread over all communities of the federation.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from benchmarks.common import settings_for, summary_ms
from benchmarks.generate import EPOCH, PLACES, TRADES, Generated
from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.commands.context import CommandContext
from bot.commands.dispatcher import dispatch
from bot.commands.grammar import parse
from bot.domain.models import Community, Member
from bot.i18n import Translator
from bot.replies import Reply, Tone
from bot.storage.repositories import communities, members
from bot.storage.schema import memberships

COMMANDS = ("section join", "rsvp", "meeting next", "directory search")
#: Calls of each command run before the timed ones: the first call with each shape of statement compiles it, once in
#: a process's life (a search's shape is its number of words and which are long enough to match by ending; the
#: fourth shape first came at the 19th call, 5 – 8 ms).
WARMUP = 50


@dataclass
class _World:
    core: Core
    data: Generated
    rng: random.Random
    community_cache: dict[int, Community]

    async def community(self, community_id: int) -> Community:
        if community_id not in self.community_cache:
            async with self.core.store.transaction() as tx:
                self.community_cache[community_id] = await communities.get(tx.conn, community_id)
        return self.community_cache[community_id]

    async def someone(self) -> tuple[Community, Member]:
        community_id = self.rng.choice(sorted(self.data.members))
        low, high = self.data.members[community_id]
        async with self.core.store.transaction() as tx:
            member = await members.get(tx.conn, self.rng.randint(low + 1, high))  # not the admin
        return await self.community(community_id), member

    def section_of(self, community: Community) -> tuple[int, str]:
        return self.rng.choice(self.data.sections[community.id])

    async def is_member(self, section_id: int, member_id: int) -> bool:
        query = select(memberships.c.role).where(
            memberships.c.section_id == section_id, memberships.c.member_id == member_id
        )
        async with self.core.store.transaction() as tx:
            return (await tx.conn.execute(query)).first() is not None


async def _line_for(world: _World, command: str) -> tuple[Community, Member, str]:
    community, member = await world.someone()
    if command == "section join":
        while True:
            section_id, slug = world.section_of(community)
            if not await world.is_member(section_id, member.id):
                return community, member, f"/section join {slug}"
    if command == "rsvp":
        _, slug = world.section_of(community)
        return community, member, f"/rsvp {world.rng.choice(('yes', 'maybe', 'no'))} {slug}"
    if command == "meeting next":
        _, slug = world.section_of(community)
        return community, member, f"/meeting next {slug}"
    words = (
        [world.rng.choice(TRADES)] if world.rng.random() < 0.7 else [world.rng.choice(TRADES), world.rng.choice(PLACES)]
    )
    return community, member, "/directory search " + " ".join(words)


async def measure(
    data: Generated, database: Path, *, iterations: int, warmup: int = WARMUP, log: Callable[[str], None] = print
) -> dict[str, Any]:
    translator = Translator()
    core = await build_core(
        settings_for(), SimulatedClock(EPOCH), database_url=f"sqlite:///{database}", translator=translator
    )
    world = _World(core, data, random.Random(11), {})
    results: dict[str, Any] = {}
    try:
        for command in COMMANDS:
            durations: list[float] = []
            failures: list[str] = []
            for index in range(warmup + iterations):
                community, member, line = await _line_for(world, command)
                ctx = CommandContext(services=core.services, community=community, member=member, platform="discord")
                started = time.perf_counter()
                answer: Reply = await dispatch(ctx, parse(core.services.registry, line, "/"))
                elapsed = time.perf_counter() - started
                if answer.tone is Tone.ERROR:
                    failures.append(f"{line}: {answer.lines[0].key if answer.lines else answer.title}")
                if index >= warmup:
                    durations.append(elapsed)
            results[command] = {**summary_ms(durations), "errors": len(failures), "first_errors": failures[:3]}
            figures = results[command]
            p50, p99 = figures["p50_ms"], figures["p99_ms"]
            log(f"  {command:<17} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  errors {len(failures)}")
    finally:
        await core.close()
    return results
