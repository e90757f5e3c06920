"""Admins on Discord from the first start: the guild's owner and members with Administrator are community admins
(whatever roles they have), the owner is one before typing anything and is welcomed in a direct message with
the next steps, once; the bot says in one log line when it is ready."""

from __future__ import annotations

import logging

import pytest

from bot.clock import SimulatedClock
from bot.i18n import Translator
from bot.settings import Settings
from tests.adapters.discord.conftest import ERROR, SUCCESS, DiscordWorld, connected, new_discord_world
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e


def owner(w: DiscordWorld) -> int:
    return w.standin.guild(w.guild_id).owner_id


def welcomes(w: DiscordWorld, user: int) -> list[dict[str, object]]:
    """The bot's messages in its direct channel with ``user`` (none when it never opened one)."""
    channel = w.standin.dm_channel_id(user)
    return [] if channel is None else w.bot_posts(channel)


async def test_the_guild_owner_is_the_first_admin_from_the_start_and_is_welcomed_privately(
    discord_world: DiscordWorld,
) -> None:
    w = discord_world
    await w.run()

    member = await w.member(owner(w))
    assert member.is_admin
    assert member.display_name == "nätverket-owner"
    (welcome,) = welcomes(w, owner(w))
    (embed,) = welcome["embeds"]  # type: ignore[index]
    assert embed["title"] == "Welcome, admin of Nätverket"
    text = embed["description"]
    assert "You are the community admin of Nätverket" in text
    # The next three steps, as commands written the way Discord shows them.
    assert "1. Open a section, a group by profession, region or theme: /section create Shiatsu." in text
    assert '2. Schedule its meeting, typed in the section\'s channel: /meeting schedule "every 2 weeks tue"' in text
    assert "3. Bring the members in: everyone in the server can talk to me" in text
    assert "/section join shiatsu" in text


async def test_the_welcome_goes_once_to_the_first_admin_only(discord_world: DiscordWorld) -> None:
    w = discord_world
    await w.run()
    # Another admin (by the Administrator permission) uses the bot; the bot starts again.
    approved = await w.command("section create", {"name": "Shiatsu"}, user=w.admin)
    assert approved.colour == SUCCESS, approved.text
    await w.restart()
    await w.run()

    assert len(welcomes(w, owner(w))) == 1
    assert welcomes(w, w.admin) == []
    assert (await w.member(w.admin)).is_admin


@pytest.mark.parametrize(
    ("who", "admin"),
    [
        ("owner", True),  # no role at all: the guild is theirs
        ("administrator", True),  # the Administrator permission through a role
        ("member", False),
    ],
)
async def test_the_owner_and_members_with_administrator_may_do_what_only_admins_may(
    discord_world: DiscordWorld, who: str, admin: bool
) -> None:
    w = discord_world
    user = {"owner": owner(w), "administrator": w.admin, "member": w.bob}[who]
    proposed = await w.command("section create", {"name": "Zonterapi"}, user=w.alice)
    assert "proposed" in proposed.text, proposed.text

    approved = await w.command("section approve", {"section": "zonterapi"}, user=user)

    if admin:
        assert approved.colour == SUCCESS, approved.text
    else:
        assert (approved.colour, approved.flags) == (ERROR, p.FLAG_EPHEMERAL)
        assert approved.text == "Only a community admin may do that."
    assert (await w.member(user)).is_admin is admin


async def test_an_administrator_role_given_later_makes_an_admin_on_the_next_command(
    discord_world: DiscordWorld,
) -> None:
    w = discord_world
    refused = await w.command("section approve", {"section": "central"}, user=w.bob)
    assert refused.colour == ERROR
    assert not (await w.member(w.bob)).is_admin

    board = w.standin.role_named(w.guild_id, "Styrelse")
    assert board is not None
    w.standin.add_member(w.guild_id, w.bob, [int(board["id"])])
    await w.command("section list", user=w.bob)

    assert (await w.member(w.bob)).is_admin


async def test_one_ready_line_when_the_bot_is_ready_in_its_guild(
    settings: Settings,
    clock: SimulatedClock,
    migrated_sqlite_url: str,
    translator: Translator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="adapters.discord.app"):
        async with connected(new_discord_world(settings, clock, migrated_sqlite_url, translator)) as w:
            await w.command("section list", user=w.bob)
            await w.run()

    ready = [(r.levelno, r.getMessage()) for r in caplog.records if "ready" in r.getMessage()]
    assert ready == [(logging.INFO, "discord: ready in guild Nätverket as netgroups")]
