"""One platform down never holds up the other: its deliveries wait in the outbox and go out once it is back."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from tests.adapters.both.conftest import BothWorld
from tests.adapters.discord.conftest import SUCCESS, counts, footer
from tests.adapters.matrix.conftest import MARKER, content
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e

#: The call for the meeting of 17 March (18:00 CET): 7 days before.
SECOND_CALL_DUE = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)


async def test_synapse_down_at_call_time_delays_only_the_matrix_call_which_goes_out_once(both: BothWorld) -> None:
    """Synapse stopped when a call is due: Discord's goes out on time; Matrix's once, after Synapse is back."""
    d, m = both.discord, both.matrix
    bea = await m.person("Bea")
    channel, room = await both.open_shiatsu(coordinator=d.alice, on_discord=(d.bob,), on_matrix=(bea,))
    await both.schedule(channel, coordinator=d.alice)
    await both.run(SECOND_CALL_DUE - timedelta(minutes=5))

    await both.synapse.stop_async()
    try:
        await both.run(SECOND_CALL_DUE)
        calls = both.discord_calls(channel)
        assert len(calls) == 2
        second = int(calls[1]["id"])
        assert await both.sent_at(second) == SECOND_CALL_DUE
        # Discord goes on as usual meanwhile: an answer there shows on its call.
        await d.react(second, "✅", d.bob)
        await both.run(timedelta(minutes=5))
        assert counts(d.standin.message(second)) == (1, 0, 0)
        waiting = [row for row in await both.outbox() if row.platform == "matrix" and row.kind == "call"]
        assert [(row.state, row.attempts > 1) for row in waiting] == [("sent", False), ("pending", True)]
    finally:
        await both.synapse.start_async()

    await both.run(timedelta(minutes=30))
    matrix_calls = await both.matrix_calls(room)
    assert len(matrix_calls) == 2
    assert await both.sent_at(matrix_calls[1]) > SECOND_CALL_DUE + timedelta(minutes=5)
    # The late call shows the answers given meanwhile, and answers on it count on both platforms.
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in await both.matrix_call_text(room, matrix_calls[1])
    await bea.react(room, matrix_calls[1], "🤔")
    await both.run(timedelta(seconds=2))
    assert counts(d.standin.message(second)) == (1, 1, 0)
    assert "Answers: ✅ 1 · 🤔 1 · ❌ 0" in await both.matrix_call_text(room, matrix_calls[1])

    # No duplicates anywhere: each marker once per platform, each sent row one message.
    on_matrix = Counter(content(e)[MARKER] for e in await m.bot_posts(room))
    on_discord = Counter(footer(message) for message in d.bot_posts(channel))
    assert [marker for marker, n in (on_matrix + on_discord).items() if n > 1] == []
    sent = Counter(row.platform for row in await both.outbox() if row.state == "sent" and row.section_id)
    assert sent["matrix"] >= len(on_matrix)
    assert on_matrix.keys() == {marker.replace(":discord", ":matrix") for marker in on_discord}


async def test_discord_answering_5xx_at_call_time_delays_only_the_discord_call_which_goes_out_once(
    both: BothWorld,
) -> None:
    """Discord failing every message create with a 502 when a call is due: Matrix's goes out on time;
    Discord's once, after Discord is well again."""
    d, m = both.discord, both.matrix
    bea = await m.person("Bea")
    channel, room = await both.open_shiatsu(coordinator=d.alice, on_discord=(d.bob,), on_matrix=(bea,))
    await both.schedule(channel, coordinator=d.alice)
    await both.run(SECOND_CALL_DUE - timedelta(minutes=5))

    outage = d.standin.inject_server_error("POST", f"/channels/{channel}/messages", status=502, times=None)
    await both.run(SECOND_CALL_DUE)
    matrix_calls = await both.matrix_calls(room)
    assert len(matrix_calls) == 2
    assert await both.sent_at(matrix_calls[1]) == SECOND_CALL_DUE
    # Matrix goes on as usual meanwhile: an answer there shows on its call.
    await bea.react(room, matrix_calls[1], "🤔")
    await both.run(timedelta(minutes=5))
    assert "Answers: ✅ 0 · 🤔 1 · ❌ 0" in await both.matrix_call_text(room, matrix_calls[1])
    assert outage.hits > 0
    assert len(both.discord_calls(channel)) == 1
    waiting = [row for row in await both.outbox() if row.platform == "discord" and row.kind == "call"]
    assert [row.state for row in waiting] == ["sent", "pending"]

    d.standin.clear_faults()
    await both.run(timedelta(minutes=30))
    calls = both.discord_calls(channel)
    assert len(calls) == 2
    assert await both.sent_at(int(calls[1]["id"])) > SECOND_CALL_DUE + timedelta(minutes=5)
    # The late call shows the answer given on Matrix meanwhile.
    assert counts(calls[1]) == (0, 1, 0)
    on_discord = Counter(footer(message) for message in d.bot_posts(channel))
    assert [marker for marker, n in on_discord.items() if n > 1] == []


async def test_a_discord_answer_never_waits_for_a_hanging_synapse(both: BothWorld) -> None:
    """Bob, linked to his Matrix account, joins #shiatsu on Discord while Synapse hangs (stopped, not gone):
    Discord's answer comes at once, not deferred; his invitation to the Matrix room waits in the outbox and goes
    out once Synapse answers again."""
    d, m = both.discord, both.matrix
    bob_m = await m.person("Bob")
    _, room = await both.open_shiatsu(coordinator=d.alice, on_discord=(), on_matrix=())
    await both.link(bob_m, d.bob)
    shiatsu = (await d.section("shiatsu")).id
    pid = both.synapse.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # every request to it now hangs
    try:
        started = time.monotonic()
        joined = await d.command("section join", {"section": "shiatsu"}, user=d.bob)
        took = time.monotonic() - started
        assert joined.record.response_type == p.CALLBACK_CHANNEL_MESSAGE, "deferred: the answer waited"
        assert joined.colour == SUCCESS, joined.text
        assert took < 2.0
        waiting = [
            row
            for row in await both.outbox()
            if (row.platform, row.kind, row.section_id, row.state) == ("matrix", "access", shiatsu, "pending")
        ]
        assert len(waiting) == 1
    finally:
        os.kill(pid, signal.SIGCONT)
    await both.run()
    await bob_m.join(room)
    assert await m.membership(room, bob_m.user_id) == "join"
