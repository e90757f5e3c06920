"""One meeting, one call on each platform, one merged list of answers that both calls show."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.adapters.both.conftest import BothWorld
from tests.adapters.discord.conftest import counts

pytestmark = pytest.mark.e2e


async def test_answers_from_both_platforms_show_on_both_calls(both: BothWorld) -> None:
    """Alice says yes on Discord, Bea maybe on Matrix: each call shows one yes and one maybe."""
    d, m = both.discord, both.matrix
    bea = await m.person("Bea")
    channel, room = await both.open_shiatsu(coordinator=d.alice, on_discord=(), on_matrix=(bea,))
    await both.schedule(channel, coordinator=d.alice)
    (on_discord,) = both.discord_calls(channel)
    (on_matrix,) = await both.matrix_calls(room)

    await d.react(int(on_discord["id"]), "✅", d.alice)
    await bea.react(room, on_matrix, "🤔")
    await both.run(timedelta(seconds=2))  # edits of a call are coalesced for 2 s

    assert counts(d.standin.message(int(on_discord["id"]))) == (1, 1, 0)
    assert "Answers: ✅ 1 · 🤔 1 · ❌ 0" in await both.matrix_call_text(room, on_matrix)
    occurrence = (await d.delivery_of(int(on_discord["id"]))).occurrence_id
    assert occurrence is not None
    assert await d.answers(occurrence) == {"Alice": "yes", "Bea": "maybe"}
    # One meeting: both calls are about the same occurrence.
    assert (await m.delivery_of(on_matrix)).occurrence_id == occurrence


async def test_a_linked_person_answering_on_both_platforms_counts_once_the_later_answer(both: BothWorld) -> None:
    """Bob, linked, says yes on Discord and later no on Matrix: one answer, no, on both calls."""
    d, m = both.discord, both.matrix
    bob_m = await m.person("Bob")
    channel, room = await both.open_shiatsu(coordinator=d.alice, on_discord=(d.bob,), on_matrix=(bob_m,))
    bob = await both.link(bob_m, d.bob)
    await both.schedule(channel, coordinator=d.alice)
    (on_discord,) = both.discord_calls(channel)
    (on_matrix,) = await both.matrix_calls(room)

    await d.react(int(on_discord["id"]), "✅", d.bob)
    await both.run(timedelta(minutes=1))
    await bob_m.react(room, on_matrix, "❌")
    await both.run(timedelta(seconds=2))

    occurrence = (await d.delivery_of(int(on_discord["id"]))).occurrence_id
    assert occurrence is not None
    assert await d.answers(occurrence) == {bob.display_name: "no"}
    assert counts(d.standin.message(int(on_discord["id"]))) == (0, 0, 1)
    assert "Answers: ✅ 0 · 🤔 0 · ❌ 1" in await both.matrix_call_text(room, on_matrix)
