"""``netgroups check`` on Discord: the token logs in, the application asks for no intent it may not have and sends
interactions to the bot, and in each guild the bot serves it has the permissions the README lists, its top role
sits above the section roles it grants, and the guild's application commands are the registry's.

REST only (``Client.login`` and a few GETs, no gateway session): nothing is changed on Discord, and no IDENTIFY
counts against the token's daily budget.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
from discord.http import Route

from adapters.discord.app import intents
from adapters.discord.commands import command_payload, payload_hash
from adapters.discord.gateway import PLATFORM
from bot.checks import CheckRequest, Finding, KnownSection
from bot.replies import Listing, Msg, msg

log = logging.getLogger(__name__)

#: What the bot needs in a guild (README, "Running on Discord"), by discord.py's name, as the table names it.
NEEDED_PERMISSIONS: Mapping[str, Msg] = {
    "view_channel": msg("check-discord-perm-view-channel"),
    "send_messages": msg("check-discord-perm-send-messages"),
    "embed_links": msg("check-discord-perm-embed-links"),
    "add_reactions": msg("check-discord-perm-add-reactions"),
    "read_message_history": msg("check-discord-perm-read-message-history"),
    "manage_channels": msg("check-discord-perm-manage-channels"),
    "manage_roles": msg("check-discord-perm-manage-roles"),
    # A coordinator's overwrite in their section's channel may allow only what the bot has itself.
    "manage_messages": msg("check-discord-perm-manage-messages"),
}
#: Privileged intents, and the application flags that switch each on (full or limited).
_PRIVILEGED = {
    "members": ("gateway_guild_members", "gateway_guild_members_limited"),
    "presences": ("gateway_presence", "gateway_presence_limited"),
    "message_content": ("gateway_message_content", "gateway_message_content_limited"),
}
_SCOPES = ("bot", "applications.commands")


async def check(request: CheckRequest) -> list[Finding]:
    settings = request.settings.discord
    assert settings.token is not None
    if settings.guild_id is not None and not settings.guild_id.isdigit():
        return [
            Finding.fail(
                msg("check-discord-guild-setting", value=settings.guild_id), msg("check-fix-discord-guild-setting")
            )
        ]
    client = discord.Client(intents=intents())
    try:
        try:
            await client.login(settings.token.get_secret_value())
        except discord.LoginFailure:
            return [Finding.fail(msg("check-discord-token-refused"), msg("check-fix-discord-token"))]
        except (discord.HTTPException, aiohttp.ClientError, OSError) as problem:
            reason = str(problem) or type(problem).__name__
            return [Finding.fail(msg("check-discord-unreachable", reason=reason), msg("check-fix-discord-unreachable"))]
        assert client.user is not None
        findings = [
            Finding.ok(msg("check-discord-logged-in", user=client.user.name, application=str(client.application_id)))
        ]
        if request.live:
            return findings
        findings += _application(client)
        findings += await _guilds(client, request)
        return findings
    finally:
        await client.close()


def _application(client: discord.Client) -> list[Finding]:
    """The intents the bot asks for are switched on for the application, and interactions come to the bot."""
    asked = intents()
    application = client.application
    flags = application.flags if application is not None else discord.ApplicationFlags()
    names = ", ".join(name for name, on in asked if on)
    off = [name for name, switches in _PRIVILEGED.items() if getattr(asked, name) and not _any_flag(flags, switches)]
    findings = [
        Finding.fail(msg("check-discord-intents-off", intents=", ".join(off)), msg("check-fix-discord-intents"))
        if off
        else Finding.ok(msg("check-discord-intents-ok", intents=names))
    ]
    if application is not None and application.interactions_endpoint_url:
        endpoint = msg("check-discord-endpoint", url=application.interactions_endpoint_url)
        findings.append(Finding.fail(endpoint, msg("check-fix-discord-endpoint")))
    return findings


def _any_flag(flags: discord.ApplicationFlags, names: Sequence[str]) -> bool:
    return any(getattr(flags, name) for name in names)


async def _guilds(client: discord.Client, request: CheckRequest) -> list[Finding]:
    configured = request.settings.discord.guild_id
    invite = _invite_url(client)
    if configured is not None:
        ids = [int(configured)]
    else:
        ids = [int(guild["id"]) for guild in await client.http.get_guilds(200, with_counts=False)]
        if not ids:
            return [Finding.fail(msg("check-discord-no-guild"), msg("check-fix-discord-invite", url=invite))]
    findings: list[Finding] = []
    for guild_id in ids:
        findings += await _guild(client, request, guild_id, invite)
    return findings


@dataclass(frozen=True, slots=True)
class _Guild:
    """One guild as the bot's member there sees it."""

    id: int
    name: str
    owner: int
    roles: Mapping[int, Mapping[str, Any]]
    #: The bot's own roles.
    own: Sequence[Mapping[str, Any]]
    bot: int

    @property
    def top(self) -> Mapping[str, Any]:
        everyone = self.roles.get(self.id, {"id": self.id, "name": "@everyone", "position": 0})
        return max(self.own, key=_rank, default=everyone)

    @property
    def role_name(self) -> str:
        """The bot's own (managed) role, which carries the permissions it was invited with; else its top role."""
        managed = (role for role in self.own if str((role.get("tags") or {}).get("bot_id")) == str(self.bot))
        return str(next(managed, self.top)["name"])

    def granted(self) -> discord.Permissions:
        """The guild-wide permissions of the bot's roles and @everyone (all for the owner or an administrator)."""
        granted = discord.Permissions(int(self.roles[self.id]["permissions"]) if self.id in self.roles else 0)
        for role in self.own:
            granted.value |= int(role["permissions"])
        return discord.Permissions.all() if self.owner == self.bot or granted.administrator else granted


async def _guild(client: discord.Client, request: CheckRequest, guild_id: int, invite: str) -> list[Finding]:
    assert client.user is not None
    try:
        data = await client.http.get_guild(guild_id, with_counts=False)
        member = await client.http.get_member(guild_id, client.user.id)
    except (discord.NotFound, discord.Forbidden):
        return [Finding.fail(msg("check-discord-not-in-guild", guild=str(guild_id)), _invite_fix(invite))]
    roles = {int(role["id"]): role for role in data["roles"]}
    own = [roles[int(role)] for role in member["roles"] if int(role) in roles]
    guild = _Guild(guild_id, str(data["name"]), int(data["owner_id"]), roles, own, client.user.id)
    sections = [
        section
        for community in await request.known.communities(PLATFORM)
        if community.external_id == str(guild_id)
        for section in community.sections
    ]
    return [_permissions(guild, invite), *_role_order(guild, sections), await _commands(client, request, guild)]


def _permissions(guild: _Guild, invite: str) -> Finding:
    granted = guild.granted()
    missing = [label for permission, label in NEEDED_PERMISSIONS.items() if not getattr(granted, permission)]
    if not missing:
        return Finding.ok(msg("check-discord-permissions-ok", guild=guild.name))
    listed = Listing(tuple(missing))
    return Finding.fail(
        msg("check-discord-permissions-missing", guild=guild.name, missing=listed),
        msg("check-fix-discord-permissions", role=guild.role_name, missing=listed, url=invite),
    )


def _role_order(guild: _Guild, sections: Sequence[KnownSection]) -> list[Finding]:
    """The bot grants and takes section roles: each must sit below its top role (Discord refuses otherwise)."""
    ids = {section.slug: int(section.role) for section in sections if section.role and section.role.isdigit()}
    present = [guild.roles[role] for role in ids.values() if role in guild.roles]
    gone = [slug for slug, role in ids.items() if role not in guild.roles]
    top = guild.top
    above = [str(role["name"]) for role in present if _rank(role) >= _rank(top)]
    findings = [
        Finding.fail(
            msg("check-discord-roles-above", guild=guild.name, role=str(top["name"]), roles=", ".join(above)),
            msg("check-fix-discord-roles", role=str(top["name"])),
        )
        if above
        else Finding.ok(msg("check-discord-roles-ok", guild=guild.name, role=str(top["name"]), count=len(present)))
    ]
    if gone:
        gone_line = msg("check-discord-roles-gone", guild=guild.name, sections=", ".join(gone))
        findings.append(Finding.warn(gone_line, msg("check-fix-discord-roles-gone")))
    return findings


async def _commands(client: discord.Client, request: CheckRequest, guild: _Guild) -> Finding:
    """The guild's commands against the registry's: the bot overwrites them at start only when its own changed."""
    expected = command_payload(request.registry, request.translator)
    route = Route(
        "GET",
        "/applications/{application_id}/guilds/{guild_id}/commands",
        application_id=client.application_id,
        guild_id=guild.id,
    )
    try:
        registered = await client.http.request(route, params={"with_localizations": "true"})
    except discord.Forbidden:
        return Finding.fail(
            msg("check-discord-commands-unreadable", guild=guild.name), _invite_fix(_invite_url(client))
        )
    differing = _differing(expected, registered)
    if not differing:
        return Finding.ok(msg("check-discord-commands-ok", guild=guild.name, count=len(expected)))
    recorded = await request.known.state(PLATFORM, f"commands:{guild.id}")
    if recorded == payload_hash(expected):  # the bot believes they are synced: it will not overwrite them
        return Finding.fail(
            msg("check-discord-commands-changed", guild=guild.name, commands=", ".join(differing)),
            msg("check-fix-discord-commands-changed", record=f"commands:{guild.id}"),
        )
    return Finding.warn(
        msg("check-discord-commands-pending", guild=guild.name, count=len(differing)), msg("check-fix-discord-commands")
    )


def _differing(expected: list[dict[str, Any]], registered: list[dict[str, Any]]) -> list[str]:
    """The names of the commands that are missing, different or extra on Discord."""
    wanted = {command["name"]: _canonical(command) for command in expected}
    there = {str(command["name"]): _canonical(command) for command in registered}
    return sorted(name for name in wanted.keys() | there.keys() if wanted.get(name) != there.get(name))


def _canonical(command: Mapping[str, Any]) -> dict[str, Any]:
    """A command or option as both sides can be compared: Discord leaves out defaults and adds ids and versions."""
    return {
        "name": command["name"],
        "type": int(command.get("type") or 1),
        "description": command.get("description") or "",
        "name_localizations": dict(command.get("name_localizations") or {}),
        "description_localizations": dict(command.get("description_localizations") or {}),
        "required": bool(command.get("required", False)),
        "autocomplete": bool(command.get("autocomplete", False)),
        "choices": [(choice["name"], choice["value"]) for choice in command.get("choices") or []],
        "min_value": command.get("min_value"),
        "max_value": command.get("max_value"),
        "options": [_canonical(option) for option in command.get("options") or []],
    }


def _rank(role: Mapping[str, Any]) -> tuple[int, int]:
    """Discord's order of roles: by position, and at the same position the older (lower id) one higher."""
    return int(role.get("position", 0)), -int(role["id"])


def _invite_url(client: discord.Client) -> str:
    permissions = discord.Permissions(**dict.fromkeys(NEEDED_PERMISSIONS, True))
    assert client.application_id is not None
    return discord.utils.oauth_url(client.application_id, permissions=permissions, scopes=_SCOPES)


def _invite_fix(url: str) -> Msg:
    return msg("check-fix-discord-invite", url=url)
