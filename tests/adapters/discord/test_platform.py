"""Scenario 6 (second half) and 7: the synced commands carry Swedish and Danish names that Discord accepts; only the
guilds and guild-reactions intents; reminders by direct message; a long memo split in order within the limits."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

from bot.storage.schema import outbox
from tests.adapters.discord.conftest import FIRST, DiscordWorld
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e

#: Discord's CHAT_INPUT name rule (``^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$``, lower case where a letter has
#: one), as near as Python's ``\w`` gets.
NAME = re.compile(r"^[-_'\w]{1,32}$")
LOCALES = ("sv-SE", "da")


def entries(commands: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    """Every command, group, subcommand and option: (path, entry, its siblings)."""
    found: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []

    def walk(level: list[dict[str, Any]], prefix: str) -> None:
        for entry in level:
            path = f"{prefix}{entry['name']}"
            found.append((path, entry, level))
            walk(entry.get("options") or [], path + " ")

    walk(commands, "")
    return found


async def test_the_synced_commands_carry_swedish_and_danish_names_discord_accepts(discord_world: DiscordWorld) -> None:
    w = discord_world
    (sync,) = w.standin.calls_to("PUT", f"/applications/{w.standin.application_id}/guilds/{w.guild_id}/commands")
    sent = sync.json
    assert sync.status == 200
    seen: Counter[str] = Counter()
    for path, entry, siblings in entries(sent):
        assert NAME.match(entry["name"]), path
        assert entry["name"] == entry["name"].lower(), path
        assert 1 <= len(entry["description"]) <= 100, path
        for locale in LOCALES:
            name = (entry.get("name_localizations") or {}).get(locale)
            description = (entry.get("description_localizations") or {}).get(locale)
            if name is not None:
                seen[locale] += 1
                assert NAME.match(name), f"{path} [{locale}]: {name!r}"
                assert name == name.lower(), f"{path} [{locale}]: {name!r}"
            if description is not None:
                assert 1 <= len(description) <= 100, f"{path} [{locale}]: {description!r}"
            # Within one level, names must stay unique in every language.
            localised = [(s.get("name_localizations") or {}).get(locale, s["name"]) for s in siblings]
            assert len(set(localised)) == len(localised), f"{path} [{locale}]: {localised}"
        for key in ("name_localizations", "description_localizations"):
            assert set(entry.get(key) or {}) <= set(p.LOCALES), path
    assert seen["sv-SE"] > 50
    assert seen["da"] > 50
    by_name = {entry["name"]: entry for entry in sent}
    section = by_name["section"]
    join = next(option for option in section["options"] if option["name"] == "join")
    assert join["name_localizations"] == {"sv-SE": "gå-med", "da": "meld-ind"}
    assert section["name_localizations"] == {"sv-SE": "sektion", "da": "sektion"}
    assert "sv-SE" in join["description_localizations"]
    # The section option is completed while typing; where it defaults to the channel's section it may be left out.
    (option,) = join["options"]
    assert (option["name"], option["autocomplete"], option["required"]) == ("section", True, True)
    leave = next(option for option in section["options"] if option["name"] == "leave")
    assert leave["options"][0]["required"] is False
    assert len(sent) <= 100
    assert w.standin.guild_commands(w.guild_id)  # Discord took them


async def test_only_the_guilds_and_guild_reactions_intents_are_requested(discord_world: DiscordWorld) -> None:
    w = discord_world
    assert w.standin.intents == p.GUILDS | p.GUILD_MESSAGE_REACTIONS
    assert not w.standin.intents & p.PRIVILEGED_INTENTS


async def test_reminders_go_by_direct_message_to_members_who_chose_it(discord_world: DiscordWorld) -> None:
    w = discord_world
    standin = w.standin
    carol = standin.add_user("carol", global_name="Carol")
    standin.add_member(w.guild_id, carol)
    standin.close_dms(carol)
    channel, call = await w.first_call(coordinator=w.alice, members=(w.bob, carol))
    for user in (w.bob, carol):
        chose = await w.command("reminders", {"via": "dm"}, user=user)
        assert (chose.flags, chose.text) == (p.FLAG_EPHEMERAL, "Meeting reminders: as a direct message.")
    for user in (w.alice, w.bob, carol):
        await w.react(int(call["id"]), "✅", user)

    await w.run(FIRST - timedelta(minutes=59))  # past both reminders: a day and an hour before

    dm = standin.dm_channel_id(w.bob)
    assert dm is not None
    direct = standin.messages_in(dm)
    assert [m["embeds"][0]["title"] for m in direct] == [
        "Reminder: Shiatsu meets tomorrow",
        "Reminder: Shiatsu meets in 1 hour",
    ]
    stamp = int(FIRST.timestamp())
    assert direct[0]["embeds"][0]["description"].startswith(f"When: <t:{stamp}:F> (<t:{stamp}:R>)")
    for create in standin.calls_to("POST", f"/channels/{dm}/messages"):
        assert create.json["allowed_mentions"] == {"parse": []}
        assert create.json["enforce_nonce"] is True
    # In the channel: one reminder each time, naming only those who want them there.
    reminders = w.posts_titled(channel, "Reminder")
    assert len(reminders) == 2
    assert all("Coming: Alice. Maybe: –." in m["embeds"][0]["description"] for m in reminders)
    # Carol accepts no DMs: refused for good (403, 50007), recorded as failed, not retried.
    carols_dm = standin.dm_channel_id(carol)
    assert carols_dm is not None
    assert standin.messages_in(carols_dm) == []
    assert [c.status for c in standin.calls_to("POST", f"/channels/{carols_dm}/messages")] == [403, 403]
    carol_id = (await w.member(carol)).id
    states = [row for row in await w.rows(outbox) if f":member:{carol_id}" in row[1]]
    assert [row[outbox.c.keys().index("state")] for row in states] == ["failed", "failed"]
    await w.run(timedelta(minutes=30))
    assert len(standin.calls_to("POST", f"/channels/{carols_dm}/messages")) == 2


async def test_a_long_memo_is_split_in_order_within_discords_limits(discord_world: DiscordWorld) -> None:
    w = discord_world
    standin = w.standin
    channel = await w.open_section(coordinator=w.alice)
    # A memo near the longest a string option may be (6,000, a typed \\n counting two): with its title and the
    # footer (the marker) it fits in no single message, so it is cut at line ends into embeds of at most 4,096
    # characters and messages of at most 6,000 — the footer counted too.
    lines = [f"Point {number:02}: " + "treatments, prices and the spring fair; " * 12 for number in range(1, 14)]
    body = "\n".join(line.strip() for line in lines)[:5949].rstrip() + "."
    body += "x" * (5950 - len(body))
    typed = body.replace("\n", "\\n")
    assert (len(body), len(typed)) == (5950, 5962)
    posted = await w.command("memo post", {"text": typed}, user=w.alice, channel=channel)
    assert "Memo #1 is posted" in posted.text, posted.text
    await w.run()

    parts = [m for m in w.bot_posts(channel) if m["embeds"] and m["embeds"][0].get("color") == 0x5865F2]
    assert len(parts) == 2
    assert [int(m["id"]) for m in parts] == sorted(int(m["id"]) for m in parts)
    embeds = [embed for message in parts for embed in message["embeds"]]
    assert embeds[0]["title"] == "Memo #1: Shiatsu"
    assert all("title" not in embed for embed in embeds[1:])
    text = "".join(embed["description"] for embed in embeds)
    assert text == "Written by Alice\n" + body  # in order, nothing lost or doubled
    for message in parts:
        assert len(message["content"]) <= 2000
        assert all(len(embed["description"]) <= 4096 for embed in message["embeds"])
        size = sum(
            len(embed.get("title", "")) + len(embed["description"]) + len(embed.get("footer", {}).get("text", ""))
            for embed in message["embeds"]
        )
        assert size <= 6000
    delivery = await w.delivery_of(int(parts[0]["id"]))
    assert parts[0]["embeds"][-1]["footer"]["text"] == delivery.marker  # found again after a crash by this
    nonces = [c.json["nonce"] for c in standin.calls_to("POST", f"/channels/{channel}/messages")[-len(parts) :]]
    key = await w.core.worker.idempotency_key(delivery)
    assert nonces == [key] + [f"{key}-{index}" for index in range(1, len(parts))]
