"""The Discord side's state: users, guilds (channels, roles, members), DMs, messages, reactions, commands.

Plain data plus the builders that turn it into the JSON Discord sends. The HTTP and gateway layers in
:mod:`tests.discord_standin.server` read and change it; tests read it through the stand-in's accessors.
"""

from __future__ import annotations

import copy
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.discord_standin import payloads as p


@dataclass
class Member:
    user_id: int
    roles: list[int]
    joined_at: str
    nick: str | None = None


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    locale: str
    channels: dict[int, dict[str, Any]] = field(default_factory=dict)
    roles: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    bot_role_id: int | None = None
    system_channel_id: int | None = None


@dataclass
class InteractionRecord:
    """An interaction the stand-in sent and everything the bot answered to it."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    created_at: float
    guild_id: int | None
    channel_id: int
    user_id: int
    #: The initial response: ``{"type": callback type, "data": {...}}``; None until the bot answers.
    callback: dict[str, Any] | None = None
    #: Id of the original response message (type 4 or 5), if any.
    original_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    @property
    def responded(self) -> bool:
        return self.callback is not None

    @property
    def response_type(self) -> int | None:
        return None if self.callback is None else int(self.callback["type"])

    @property
    def response_data(self) -> dict[str, Any]:
        return {} if self.callback is None else dict(self.callback.get("data") or {})

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.response_data.get("flags") or 0) & p.FLAG_EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete answer (callback type 8)."""
        return list(self.response_data.get("choices") or [])


def _order(role: dict[str, Any]) -> tuple[int, int]:
    """Discord's order of roles, lowest first: by position, and at one position the newer (higher id) lower."""
    return int(role["position"]), -int(role["id"])


class World:
    """Everything Discord stores, keyed by integer ids."""

    def __init__(self, snowflakes: p.Snowflakes, *, bot_name: str, bot_permissions: int) -> None:
        self.snowflakes = snowflakes
        self.bot_id = snowflakes.next()
        self.application_id = self.bot_id  # as for every bot created since 2020
        self.bot_permissions = bot_permissions
        self.users: dict[int, dict[str, Any]] = {
            self.bot_id: p.user_payload(self.bot_id, bot_name, bot=True, discriminator="0000")
        }
        self.guilds: dict[int, Guild] = {}
        self.channel_guild: dict[int, int | None] = {}
        self.dm_channels: dict[int, dict[str, Any]] = {}
        self.dm_by_user: dict[int, int] = {}
        self.closed_dms: set[int] = set()
        self.messages: dict[int, dict[str, Any]] = {}
        self.channel_messages: dict[int, list[int]] = {}
        #: message id -> emoji key -> user ids in reaction order
        self.reactions: dict[int, dict[str, list[int]]] = {}
        #: (channel, author, nonce) -> (message id, created at)
        self.nonces: dict[tuple[int, int, str], tuple[int, float]] = {}
        #: None for global commands, else the guild id
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.command_writes: Counter[int | None] = Counter()
        self.interactions: dict[int, InteractionRecord] = {}
        self.interaction_tokens: dict[str, int] = {}
        #: attachment id -> the bytes uploaded with it (what a client would download from its url)
        self.uploads: dict[str, bytes] = {}

    # --- users, guilds, channels, roles ------------------------------------------------------------------
    def add_user(self, username: str, *, bot: bool = False, global_name: str | None = None) -> int:
        user_id = self.snowflakes.next()
        self.users[user_id] = p.user_payload(user_id, username, bot=bot, global_name=global_name)
        return user_id

    def user(self, user_id: int) -> dict[str, Any]:
        return self.users[user_id]

    def add_guild(self, name: str, *, owner_id: int | None, locale: str, channels: tuple[str, ...]) -> Guild:
        guild_id = self.snowflakes.next()
        if owner_id is None:
            owner_id = self.add_user(f"{name.lower().replace(' ', '')}-owner")
        guild = Guild(id=guild_id, name=name, owner_id=owner_id, locale=locale)
        self.guilds[guild_id] = guild
        # @everyone shares the guild's id.
        guild.roles[guild_id] = p.role_payload(guild_id, "@everyone", permissions=p.EVERYONE_PERMISSIONS, position=0)
        bot_role_id = self.snowflakes.next()
        guild.roles[bot_role_id] = p.role_payload(
            bot_role_id,
            self.users[self.bot_id]["username"],
            permissions=self.bot_permissions,
            position=1,
            managed=True,
            tags={"bot_id": str(self.bot_id)},
        )
        guild.bot_role_id = bot_role_id
        self.add_member(guild_id, owner_id)
        self.add_member(guild_id, self.bot_id, roles=[bot_role_id])
        for channel_name in channels:
            channel = self.add_channel(guild_id, channel_name, kind=p.GUILD_TEXT)
            if guild.system_channel_id is None:
                guild.system_channel_id = int(channel["id"])
        return guild

    def add_member(self, guild_id: int, user_id: int, roles: list[int] | None = None) -> Member:
        guild = self.guilds[guild_id]
        member = Member(user_id=user_id, roles=list(roles or []), joined_at=p.iso_now())
        guild.members[user_id] = member
        return member

    def add_channel(
        self,
        guild_id: int,
        name: str,
        *,
        kind: int,
        parent_id: int | None = None,
        topic: str | None = None,
        position: int | None = None,
        overwrites: list[dict[str, Any]] | None = None,
        nsfw: bool = False,
        rate_limit_per_user: int = 0,
    ) -> dict[str, Any]:
        guild = self.guilds[guild_id]
        channel_id = self.snowflakes.next()
        if kind in p.NAME_NORMALISED_CHANNEL_TYPES:
            name = p.normalise_channel_name(name)
        if position is None:
            position = sum(1 for channel in guild.channels.values() if channel["type"] == kind)
        channel: dict[str, Any] = {
            "id": str(channel_id),
            "type": kind,
            "guild_id": str(guild_id),
            "name": name,
            "position": position,
            "permission_overwrites": [self._overwrite(o) for o in overwrites or []],
            "parent_id": None if parent_id is None else str(parent_id),
            "nsfw": nsfw,
            "flags": 0,
        }
        if kind != p.GUILD_CATEGORY:
            channel.update({"topic": topic, "last_message_id": None, "rate_limit_per_user": rate_limit_per_user})
        if kind == p.GUILD_VOICE:
            channel.update({"bitrate": 64000, "user_limit": 0, "rtc_region": None})
        guild.channels[channel_id] = channel
        self.channel_guild[channel_id] = guild_id
        self.channel_messages[channel_id] = []
        return channel

    @staticmethod
    def _overwrite(overwrite: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(overwrite["id"]),
            "type": int(overwrite.get("type", 0)),
            "allow": str(overwrite.get("allow", "0")),
            "deny": str(overwrite.get("deny", "0")),
        }

    def add_role(
        self,
        guild_id: int,
        name: str,
        *,
        permissions: int | None = None,
        color: int = 0,
        hoist: bool = False,
        mentionable: bool = False,
    ) -> dict[str, Any]:
        """A new role lands at position 1, just above @everyone, pushing the others up — as on Discord."""
        guild = self.guilds[guild_id]
        for role in guild.roles.values():
            if role["position"] >= 1:
                role["position"] += 1
        role_id = self.snowflakes.next()
        role = p.role_payload(
            role_id,
            name,
            permissions=p.EVERYONE_PERMISSIONS if permissions is None else permissions,
            position=1,
            color=color,
            hoist=hoist,
            mentionable=mentionable,
        )
        guild.roles[role_id] = role
        return role

    def edit_role(self, guild_id: int, role_id: int, *, permissions: int | None, position: int | None) -> None:
        guild = self.guilds[guild_id]
        role = guild.roles[role_id]
        if permissions is not None:
            role["permissions"] = str(permissions)
        if position is not None and role_id != guild_id:
            others = sorted((r for r in guild.roles.values() if r is not role and r["position"] >= 1), key=_order)
            others.insert(max(0, position - 1), role)
            for index, each in enumerate(others, start=1):
                each["position"] = index

    def open_dm(self, user_id: int) -> dict[str, Any]:
        if user_id in self.dm_by_user:
            return self.dm_channels[self.dm_by_user[user_id]]
        channel_id = self.snowflakes.next()
        channel = {
            "id": str(channel_id),
            "type": p.DM,
            "last_message_id": None,
            "flags": 0,
            "recipients": [copy.deepcopy(self.users[user_id])],
        }
        self.dm_channels[channel_id] = channel
        self.dm_by_user[user_id] = channel_id
        self.channel_guild[channel_id] = None
        self.channel_messages[channel_id] = []
        return channel

    def channel(self, channel_id: int) -> dict[str, Any] | None:
        if channel_id not in self.channel_guild:
            return None
        guild_id = self.channel_guild[channel_id]
        if guild_id is None:
            return self.dm_channels[channel_id]
        return self.guilds[guild_id].channels.get(channel_id)

    def guild_of_channel(self, channel_id: int) -> Guild | None:
        guild_id = self.channel_guild.get(channel_id)
        return None if guild_id is None else self.guilds[guild_id]

    # --- permissions and members ------------------------------------------------------------------------
    def permissions(self, guild: Guild, user_id: int) -> int:
        if user_id == guild.owner_id:
            return (1 << 53) - 1
        value = int(guild.roles[guild.id]["permissions"])
        member = guild.members.get(user_id)
        for role_id in member.roles if member else []:
            if role_id in guild.roles:
                value |= int(guild.roles[role_id]["permissions"])
        if value & p.ADMINISTRATOR:
            return (1 << 53) - 1
        return value

    def member_payload(self, guild: Guild, user_id: int, *, with_user: bool = True) -> dict[str, Any]:
        member = guild.members[user_id]
        payload: dict[str, Any] = {
            "nick": member.nick,
            "avatar": None,
            "banner": None,
            "roles": [str(role) for role in member.roles],
            "joined_at": member.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "avatar_decoration_data": None,
        }
        if with_user:
            payload["user"] = copy.deepcopy(self.users[user_id])
        return payload

    def guild_payload(self, guild: Guild, *, with_counts: bool = False) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "icon_hash": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(guild.owner_id),
            "region": "deprecated",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "widget_enabled": False,
            "widget_channel_id": None,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": [copy.deepcopy(role) for role in guild.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None if guild.system_channel_id is None else str(guild.system_channel_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "safety_alerts_channel_id": None,
            "max_presences": None,
            "max_members": 500000,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": guild.locale,
            "public_updates_channel_id": None,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "nsfw_level": 0,
            "nsfw": False,
            "premium_progress_bar_enabled": False,
            "incidents_data": None,
        }
        if with_counts:
            payload["approximate_member_count"] = len(guild.members)
            payload["approximate_presence_count"] = 0
        return payload

    def guild_create_payload(self, guild: Guild, *, intents: int) -> dict[str, Any]:
        """GUILD_CREATE: without GUILD_PRESENCES, Discord lists only the bot itself among ``members``."""
        members = list(guild.members) if intents & p.GUILD_PRESENCES else [self.bot_id]
        channels = []
        for channel in guild.channels.values():
            entry = copy.deepcopy(channel)
            entry.pop("guild_id", None)  # GUILD_CREATE channels carry no guild_id
            channels.append(entry)
        payload = self.guild_payload(guild)
        payload.update(
            {
                "joined_at": guild.members[self.bot_id].joined_at,
                "large": len(guild.members) >= 250,
                "unavailable": False,
                "lazy": True,
                "member_count": len(guild.members),
                "members": [self.member_payload(guild, user_id) for user_id in members],
                "channels": channels,
                "threads": [],
                "presences": [],
                "voice_states": [],
                "stage_instances": [],
                "guild_scheduled_events": [],
                "soundboard_sounds": [],
                "embedded_activities": [],
            }
        )
        return payload

    # --- messages and reactions -------------------------------------------------------------------------
    def reaction_list(self, message_id: int) -> list[dict[str, Any]]:
        out = []
        for key, users in self.reactions.get(message_id, {}).items():
            if not users:
                continue
            out.append(
                {
                    "emoji": p.reaction_emoji(key),
                    "count": len(users),
                    "count_details": {"burst": 0, "normal": len(users)},
                    "burst_colors": [],
                    "me": self.bot_id in users,
                    "me_burst": False,
                    "burst_me": False,
                    "burst_count": 0,
                }
            )
        return out

    def new_interaction_token(self) -> str:
        return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
