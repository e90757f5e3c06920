"""Scenario 5: rate limits. Meeting calls with their seed reactions all arrive — none dropped, none twice —
and the bot never hangs: ``M_LIMIT_EXCEEDED`` is honoured with its delay a bounded number of times, then the
delivery goes back to the outbox and is retried later.

The calls are those of a daily meeting with calls N days ahead: all due at once, in one room (Synapse's
stock ``rc_room_creation`` allows one room a minute after a burst of 10, so N sections would measure that
instead). Simulated time moves between rounds; real time passes too, for Synapse's limiter (bounded waits).
Under the quick, tight limits N is 20; under Synapse's stock limits (a burst of 10 messages, then one every
5 s) N is 6: 24 events already run into the limit, and each further event costs 5 s of real time.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from datetime import time as clock_time
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.matrix.gateway import PLATFORM
from bot.domain.models import SectionKind
from bot.services.meetings import SeriesRequest
from tests.adapters.matrix.conftest import MARKER, MakeWorld, MatrixWorld, content
from tests.synapse.fixtures import synapse_unavailable
from tests.synapse.server import RATE_LIMITS_RAISED, SynapseError, SynapseServer
from tests.synapse.venv import SynapseInstallError, ensure_synapse

pytestmark = pytest.mark.e2e

CALLS = 20
STOCK_CALLS = 6
SEEDS = ["✅", "🤔", "❌"]


def meetings(calls: int) -> dict[str, object]:
    return {"call_days_before": calls, "reminder_minutes": [60], "agenda_nudge": False}


MEETINGS = meetings(CALLS)
#: Real seconds the delivery of everything may take at most (stock limits: ~5 s per event beyond a burst of 10).
STOCK_BUDGET = 300.0
TIGHT_BUDGET = 120.0


@pytest.fixture(scope="module")
def synapse_tight(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SynapseServer]:
    """A Synapse whose message limit is stock-like in shape but quick (5/s, burst 4), and each user receives at
    most 2 invitations in a row, then one every 2 s (stock: 5, then one every 333 s); everything else raised."""
    reason = None
    try:
        server = SynapseServer(
            tmp_path_factory.mktemp("synapse-tight"),
            python=ensure_synapse(),
            extra_config={
                **RATE_LIMITS_RAISED,
                "rc_message": {"per_second": 5, "burst_count": 4},
                "rc_invites": {**RATE_LIMITS_RAISED["rc_invites"], "per_user": {"per_second": 0.5, "burst_count": 2}},
            },
        )
        server.start()
    except (SynapseInstallError, SynapseError, OSError) as problem:
        reason = f"Synapse cannot be started: {problem}"
    if reason is not None:
        synapse_unavailable(reason)
    try:
        yield server
    finally:
        server.stop()


async def daily_calls(world: MatrixWorld) -> str:
    """#shiatsu (opened by Anna, an admin) with a daily meeting at 18:00; its room. Set up through the core's
    services: the bot's own messages are what is measured."""
    account = world.make_user("anna", displayname="Anna", server=world.synapse)
    community = await world.community()
    services = world.core.services
    anna = await services.communities.ensure_member(
        community, PLATFORM, account.user_id, display_name="Anna", admin=True
    )
    section = (await services.sections.propose(community, anna, name="Shiatsu", kind=SectionKind.PROFESSION)).section
    await services.meetings.schedule(
        community, section, anna, SeriesRequest(rule="FREQ=DAILY", at=clock_time(18, 0), place="Hus")
    )
    return await world.core.inbound.section_channel(PLATFORM, section)


async def deliver_everything(world: MatrixWorld, budget: float, calls: int = CALLS) -> tuple[float, int]:
    """Rounds of deliveries until every call is sent; between rounds, simulated and real time move to the next
    retry (at most 10 s). Returns the real seconds taken and the rounds."""
    started = time.monotonic()
    rounds = 0
    while True:
        rounds += 1
        await world.deliver()
        rows = await world.outbox()
        # The next call (of the meeting N + 1 days ahead) is due only this evening: not part of this. Invitations
        # (Anna's, refused for minutes by the stock per-user invite limit) are measured elsewhere.
        tried = [row for row in rows if row.attempts > 0 and row.kind != "access"]
        sent_calls = [row for row in tried if row.kind == "call" and row.state == "sent"]
        if len(sent_calls) >= calls and all(row.state == "sent" for row in tried):
            return time.monotonic() - started, rounds
        elapsed = time.monotonic() - started
        assert elapsed < budget, f"after {elapsed:.0f} s: {Counter(row.state for row in rows)}"
        upcoming = await world.core.worker.next_due()
        wait = min(10.0, max(0.05, (upcoming - world.clock.now()).total_seconds())) if upcoming else 1.0
        await asyncio.sleep(wait)  # real time for Synapse's limiter: bounded, and only while something waits
        world.clock.set(world.clock.now() + timedelta(seconds=wait))


async def assert_each_call_once_with_its_seeds(world: MatrixWorld, room: str, expected: int = CALLS) -> None:
    history = await world.history(room, limit=5000)
    calls = [
        e
        for e in history
        if e["sender"] == world.bot_id and e["type"] == "m.room.message" and ":call:" in content(e).get(MARKER, "")
    ]
    markers = Counter(content(e)[MARKER] for e in calls)
    assert len(markers) == expected, f"{len(markers)} different calls arrived"
    assert [marker for marker, count in markers.items() if count > 1] == []
    for call in calls:
        seeds = [
            content(e)["m.relates_to"]["key"]
            for e in history
            if e["type"] == "m.reaction"
            and e["sender"] == world.bot_id
            and content(e)["m.relates_to"]["event_id"] == call["event_id"]
        ]
        assert seeds == SEEDS, f"{content(call)[MARKER]}: {seeds}"
    rows = [row for row in await world.outbox() if row.kind == "call" and row.state == "sent"]
    assert sorted(row.external_message for row in rows) == sorted(e["event_id"] for e in calls)


async def test_tight_limits_send_deliveries_back_to_the_outbox_and_lose_nothing(
    make_world: MakeWorld, synapse_tight: SynapseServer, caplog: pytest.LogCaptureFixture
) -> None:
    """No waiting inside the client at all: every refusal goes back to the outbox with its retry delay."""
    world = await make_world(server=synapse_tight, exempt=False, meetings=MEETINGS)
    world.adapter.gateway.rate_limit_waits = 0
    room = await daily_calls(world)
    seconds, rounds = await deliver_everything(world, TIGHT_BUDGET)
    await assert_each_call_once_with_its_seeds(world, room)
    retried = [r for r in caplog.records if "will be retried" in r.getMessage() and "rate limited" in r.getMessage()]
    assert retried, "the limit was never reached: the test proves nothing"
    print(
        f"\ntight limits: {CALLS} calls + seeds in {seconds:.1f} s, {rounds} rounds, {len(retried)} back to the outbox"
    )


async def test_invitations_refused_by_a_rate_limit_are_sent_later_even_after_a_restart(
    make_world: MakeWorld, synapse_tight: SynapseServer
) -> None:
    """Anna opens three sections: she is invited to the space and the central room (first seen), to each
    section's room and to the coordinators' room — more invitations than Synapse lets one user receive at once.
    Those refused wait in the outbox, and go out later, even after a restart."""
    world = await make_world(server=synapse_tight, exempt=False)
    world.adapter.gateway.rate_limit_waits = 0
    anna = await world.admin("Anna")
    for name in ("Shiatsu", "Yoga", "Reiki"):
        answer = await world.command(anna, f"!section create {name}")
        assert content(answer)["body"].startswith("✔ "), content(answer)["body"]
    refused = [row for row in await world.outbox() if row.kind == "access" and row.state == "pending"]
    assert refused, "no invitation was refused: the test proves nothing"

    await world.restart()
    slugs = ("central", "shiatsu", "yoga", "reiki", "coordinators")

    async def all_invited() -> bool:
        await world.deliver(timedelta(seconds=10))  # the outbox tries again, as the homeserver's limit allows
        if any(row.kind == "access" and row.state != "sent" for row in await world.outbox()):
            return False
        rooms = [world.space] + [await world.room_of(slug) for slug in slugs]
        return [await world.membership(room, anna.user_id) for room in rooms] == ["invite"] * len(rooms)

    await world.until(all_invited, "Anna invited to every room", within=60)
    for room in [world.space] + [await world.room_of(slug) for slug in slugs]:
        await anna.join(room)


async def test_stock_limits_calls_with_seeds_all_arrive_once(
    make_world: MakeWorld, synapse_stock_limits: SynapseServer, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    world = await make_world(server=synapse_stock_limits, exempt=False, meetings=meetings(STOCK_CALLS))
    room = await daily_calls(world)
    seconds, rounds = await deliver_everything(world, STOCK_BUDGET, STOCK_CALLS)
    await assert_each_call_once_with_its_seeds(world, room, STOCK_CALLS)
    waited = [r for r in caplog.records if "rate limited; waiting" in r.getMessage()]
    retried = [r for r in caplog.records if "will be retried" in r.getMessage()]
    assert waited, "the limit was never reached: the test proves nothing"
    assert not [r for r in waited if "(4 of" in r.getMessage()]
    print(
        f"\nstock limits: {STOCK_CALLS} calls + {STOCK_CALLS * len(SEEDS)} seed reactions in {seconds:.1f} s, "
        f"{rounds} rounds; "
        f"{len(waited)} rate-limit waits, {len(retried)} deliveries back to the outbox"
    )
