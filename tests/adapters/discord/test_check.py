"""``netgroups check`` against the Discord stand-in, in-process: the bot's guild after a real start (commands synced,
a section with its role), then what a server admin might have changed since — a permission taken from the bot's
role, a section role dragged above it, commands changed by hand — each reported with what to do.
"""

from __future__ import annotations

import pytest

from adapters.discord.check import NEEDED_PERMISSIONS
from bot.checks import Mark
from bot.i18n import Translator
from bot.replies import Listing, msg
from bot.settings import Settings
from netgroups.check import Report, check, render
from tests.adapters.discord.conftest import DiscordWorld
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e


def _settings(w: DiscordWorld, **discord: str) -> Settings:
    return Settings(
        storage={"data_dir": w.settings.storage.data_dir, "database_url": w.database_url},  # type: ignore[arg-type]
        discord={"token": w.standin.token, **discord},  # type: ignore[arg-type]
    )


def _discord(report: Report) -> list[tuple[Mark, str]]:
    return [(finding.mark, finding.what.key) for finding in report.lines("discord")]


async def test_a_healthy_guild_passes_every_check(discord_world: DiscordWorld) -> None:
    """After a start and a section opened: every Discord line ✔, exit status 0, and nothing changed on Discord."""
    w = discord_world
    await w.open_section(coordinator=w.alice)
    writes = [call for call in w.standin.calls if call.method != "GET"]
    report = await check(_settings(w, guild_id=str(w.guild_id)))
    assert _discord(report) == [
        (Mark.OK, "check-discord-logged-in"),
        (Mark.OK, "check-discord-intents-ok"),
        (Mark.OK, "check-discord-permissions-ok"),
        (Mark.OK, "check-discord-roles-ok"),
        (Mark.OK, "check-discord-commands-ok"),
    ]
    assert report.lines("discord")[3].what.args["count"] == 1  # the role of #shiatsu
    assert report.exit_status == 0
    assert [call for call in w.standin.calls if call.method != "GET"] == writes
    assert w.standin.identify_count == 1  # the check opened no gateway session
    assert render(report, Translator(), "en").splitlines()[-1] == "Everything netgroups needs is there."


async def test_a_missing_permission_is_named_with_the_fix(discord_world: DiscordWorld) -> None:
    """The bot's role without Manage Roles: ✖ naming it, what to switch on where, and an invitation link."""
    w = discord_world
    standin = w.standin
    standin.edit_role(w.guild_id, standin.bot_role_id(w.guild_id), permissions=p.BOT_PERMISSIONS & ~p.MANAGE_ROLES)
    report = await check(_settings(w))
    (permissions,) = [finding for finding in report.lines("discord") if finding.mark is Mark.FAIL]
    missing = Listing((NEEDED_PERMISSIONS["manage_roles"],))
    assert permissions.what == msg("check-discord-permissions-missing", guild="Nätverket", missing=missing)
    assert permissions.fix is not None
    assert permissions.fix.args["role"] == "netgroups"
    assert report.exit_status == 1
    table = render(report, Translator(), "en").splitlines()
    at = table.index("✖ Discord   Nätverket: the bot lacks Manage Roles.")
    fix = table[at + 1]
    assert fix.startswith(
        "            → Server Settings → Roles → netgroups: switch on Manage Roles. Or invite the bot"
    )
    assert f"client_id={standin.application_id}" in fix
    assert "scope=bot+applications.commands" in fix
    assert table[-1] == "One thing to fix (✖) before netgroups can run as it should."
    sv = render(report, Translator(), "sv")
    assert f"✖ {'Discord':<13}  Nätverket: boten saknar Hantera roller." in sv.splitlines()  # under "inställningar"


async def test_a_section_role_above_the_bots_role_is_reported(discord_world: DiscordWorld) -> None:
    """#shiatsu's role dragged above the bot's: ✖ naming it, and the bot's role to drag above."""
    w = discord_world
    await w.open_section(coordinator=w.alice)
    role = w.standin.role_named(w.guild_id, "Shiatsu")
    assert role is not None
    w.standin.edit_role(w.guild_id, int(role["id"]), position=len(w.standin.roles_in(w.guild_id)))
    report = await check(_settings(w))
    (above,) = [finding for finding in report.lines("discord") if finding.mark is Mark.FAIL]
    assert above.what == msg("check-discord-roles-above", guild="Nätverket", role="netgroups", roles="Shiatsu")
    assert above.fix == msg("check-fix-discord-roles", role="netgroups")


async def test_commands_changed_on_discord_behind_the_bots_back_fail(discord_world: DiscordWorld) -> None:
    """A command deleted by hand while the bot's record says they are synced: ✖ (the bot would not resync)."""
    w = discord_world
    commands = w.standin.world.commands[w.guild_id]
    commands[:] = [command for command in commands if command["name"] != "memo"]
    report = await check(_settings(w))
    (changed,) = [finding for finding in report.lines("discord") if finding.mark is Mark.FAIL]
    assert changed.what == msg("check-discord-commands-changed", guild="Nätverket", commands="memo")


async def test_commands_a_new_version_changes_are_only_a_warning(discord_world: DiscordWorld) -> None:
    """Commands that differ from this version's, which the bot sets at its next start: ⚠, not a failure."""
    w = discord_world
    await w.core.inbound.state.put("discord", f"commands:{w.guild_id}", "an older version's")
    w.standin.world.commands[w.guild_id][0]["description"] = "Old text"
    report = await check(_settings(w))
    assert (Mark.WARN, "check-discord-commands-pending") in _discord(report)
    assert report.exit_status == 0


async def test_a_guild_the_bot_is_not_in_is_reported_with_an_invitation(discord_world: DiscordWorld) -> None:
    """discord.guild_id naming a server the bot was never invited to: ✖ with the invitation link."""
    w = discord_world
    report = await check(_settings(w, guild_id="123456789012345678"))
    assert (Mark.FAIL, "check-discord-not-in-guild") in _discord(report)
    (fail,) = [finding for finding in report.lines("discord") if finding.mark is Mark.FAIL]
    assert fail.fix is not None
    assert fail.fix.key == "check-fix-discord-invite"


async def test_a_refused_token_is_one_line(discord_world: DiscordWorld) -> None:
    """A wrong token: one ✖ line saying where to get a new one."""
    w = discord_world
    report = await check(_settings(w, token="not-the-token"))
    assert _discord(report) == [(Mark.FAIL, "check-discord-token-refused")]


async def test_live_only_logs_in(discord_world: DiscordWorld) -> None:
    """--live on Discord: the token logs in (REST), nothing more is asked."""
    w = discord_world
    before = len(w.standin.calls)
    report = await check(_settings(w), live=True)
    assert _discord(report) == [(Mark.OK, "check-discord-logged-in")]
    assert [(call.method, call.path) for call in w.standin.calls[before:]] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
    ]
