"""Scenario 3: rate limits (per route and global, with Via and a JSON retry_after) and server errors: every
message is sent, none twice — discord.py waits out 429s, and a create retried after a 502 meets its nonce."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from tests.adapters.discord.conftest import DiscordWorld
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e


def memo_numbers(w: DiscordWorld, channel: int) -> list[str]:
    return [str(post["embeds"][0]["title"]) for post in w.posts_titled(channel, "Memo #")]


async def post_memos(w: DiscordWorld, channel: int, count: int) -> None:
    for number in range(1, count + 1):
        posted = await w.command("memo post", {"text": f"Notes number {number}"}, user=w.alice, channel=channel)
        assert f"Memo #{number} is posted" in posted.text, posted.text


async def test_per_route_and_global_429s_are_waited_out_and_each_message_arrives_once(
    discord_world: DiscordWorld,
) -> None:
    w = discord_world
    standin = w.standin
    channel = await w.open_section(coordinator=w.alice)
    path = f"/channels/{channel}/messages"
    await post_memos(w, channel, 4)
    route = standin.inject_rate_limit("POST", path, retry_after=0.05, times=2)
    global_limit = standin.inject_global_rate_limit("POST", path, retry_after=0.05)
    await w.run()
    assert (route.hits, global_limit.hits) == (2, 1)
    assert memo_numbers(w, channel) == [f"Memo #{n}: Shiatsu" for n in range(1, 5)]
    statuses = [call.status for call in standin.calls_to("POST", path)]
    assert statuses.count(429) == 3
    assert statuses.count(200) == 4
    limited = [call for call in standin.calls_to("POST", path) if call.status == 429]
    retried = [call for call in standin.calls_to("POST", path) if call.status == 200]
    assert {call.json["nonce"] for call in limited} <= {call.json["nonce"] for call in retried}


async def test_a_rate_limit_outlasting_discord_py_is_retried_later_by_the_outbox(
    discord_world: DiscordWorld, caplog: pytest.LogCaptureFixture
) -> None:
    w = discord_world
    standin = w.standin
    channel = await w.open_section(coordinator=w.alice)
    path = f"/channels/{channel}/messages"
    standin.inject_rate_limit("POST", path, retry_after=0.01, times=5)  # discord.py gives up after 5 tries
    with caplog.at_level(logging.WARNING, logger="bot.delivery.worker"):
        await post_memos(w, channel, 1)
        await w.run()
    assert memo_numbers(w, channel) == []
    assert any("rate limited" in record.getMessage() for record in caplog.records)
    await w.run(timedelta(minutes=1))  # the outbox's back-off, in simulated time
    assert memo_numbers(w, channel) == ["Memo #1: Shiatsu"]
    assert [call.status for call in standin.calls_to("POST", path)] == [429] * 5 + [200]


async def test_a_502_after_the_message_was_created_leaves_exactly_one_message(discord_world: DiscordWorld) -> None:
    w = discord_world
    standin = w.standin
    channel = await w.open_section(coordinator=w.alice)
    path = f"/channels/{channel}/messages"
    fault = standin.inject_server_error("POST", path, status=502, after=True)
    await post_memos(w, channel, 1)
    await w.run()
    assert fault.hits == 1
    posts = standin.calls_to("POST", path)
    assert [call.status for call in posts] == [502, 200]  # discord.py retried the create …
    assert posts[0].json["nonce"] == posts[1].json["nonce"]  # … with the same nonce,
    assert memo_numbers(w, channel) == ["Memo #1: Shiatsu"]  # so Discord gave back the first message
    delivery = await w.delivery_of(int(w.posts_titled(channel, "Memo #")[0]["id"]))
    assert delivery.state == "sent"


async def test_502s_outlasting_discord_py_find_the_message_instead_of_sending_it_again(
    discord_world: DiscordWorld,
) -> None:
    w = discord_world
    standin = w.standin
    channel = await w.open_section(coordinator=w.alice)
    path = f"/channels/{channel}/messages"
    standin.inject_server_error("POST", path, status=502, after=True, times=5)
    await post_memos(w, channel, 1)
    await w.run()
    assert len(memo_numbers(w, channel)) == 1  # created by the first try; the delivery is not recorded yet
    standin.nonce_window = 0.0  # long after Discord's nonce window: only the marker can prevent a duplicate
    await w.run(timedelta(minutes=1))
    (memo,) = w.posts_titled(channel, "Memo #")
    delivery = await w.delivery_of(int(memo["id"]))
    assert (delivery.state, delivery.attempts) == ("sent", 2)
    assert len(standin.calls_to("POST", path)) == 5
    assert len(standin.calls_to("GET", path)) == 1  # the recent history, searched for the marker


async def test_a_seed_reaction_refused_does_not_lose_the_call(
    discord_world: DiscordWorld, caplog: pytest.LogCaptureFixture
) -> None:
    """Without Add Reactions in the channel the call still counts as sent, and members' reactions still count."""
    w = discord_world
    standin = w.standin
    standin.inject(
        "PUT",
        "/channels/*/messages/*/reactions/*/@me",
        status=403,
        body=p.error_body(p.MISSING_PERMISSIONS),
        times=None,
    )
    with caplog.at_level(logging.WARNING, logger="adapters.discord.gateway"):
        channel, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    standin.clear_faults()
    delivery = await w.delivery_of(int(call["id"]))
    assert delivery.state == "sent"
    assert standin.reactions_on(int(call["id"])) == {}
    assert len([r for r in caplog.records if "seed reaction" in r.getMessage()]) == 3
    await w.react(int(call["id"]), "✅", w.bob)
    assert await w.answers(delivery.occurrence_id or 0) == {"Bob": "yes"}
    assert len(w.posts_titled(channel, "Meeting call")) == 1
