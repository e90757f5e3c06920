"""The ChatGateway port on Discord, through discord.py's HTTP client.

Every send carries ``allowed_mentions`` that parse nothing and a nonce derived from the outbox
row with ``enforce_nonce``, so a retried create returns the first message instead of a second.
A section is a text channel under a "Sections" category, with a role (not mentionable) that marks
its members; a sensitive section's channel is hidden from @everyone and seen by that role (and the
bot). Its coordinators have a member overwrite there with Manage Messages; archived, the channel
moves to an "Archive" category, read-only for everyone but the bot, and its role is deleted.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable
from datetime import datetime
from typing import Literal

import aiohttp
import discord
from discord.http import handle_message_parameters
from discord.utils import MISSING

from adapters.discord.render import embeds_for, show_image
from bot.i18n import Translator
from bot.ports import ChannelBinding, DeliveryError, Destination, Post, ReactionSnapshot, SectionPlace, SentMessage

log = logging.getLogger(__name__)

PLATFORM = "discord"
NO_MENTIONS = discord.AllowedMentions.none()
_HISTORY_LOOKBACK = 50
CATEGORY_NAME = "Sections"
ARCHIVE_NAME = "Archive"
#: Overwrite types: a role's, a member's.
ROLE: Literal[0] = 0
MEMBER: Literal[1] = 1
#: What a coordinator's overwrite adds in their section's channel.
MODERATE = discord.Permissions(manage_messages=True).value
#: What an archived channel takes from everyone: posting, threads, reactions.
WRITE = discord.Permissions(
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    create_private_threads=True,
    add_reactions=True,
).value
#: What a sensitive section's channel takes from @everyone and gives its role and the bot.
VIEW = discord.Permissions(view_channel=True).value
#: What the bot keeps in an archived channel (as on Matrix, where it outranks the read-only level): a notice, an edit.
BOT_KEEPS = discord.Permissions(
    view_channel=True, send_messages=True, embed_links=True, add_reactions=True, read_message_history=True
).value


def _files(post: Post, embed: discord.Embed) -> list[discord.File]:
    """A post's files, on its first message, the first image shown in ``embed``."""
    show_image(embed, post.content.attachments)
    return [discord.File(io.BytesIO(item.data), filename=item.filename) for item in post.content.attachments]


class DiscordGateway:
    platform = PLATFORM
    #: discord.py queues requests under the global and per-route limits itself: with a few deliveries
    #: on their way at once the bot keeps up with 50 requests/s instead of waiting on its own database work.
    max_in_flight = 4

    #: A user's DM channel with the bot never changes: the core may store a newly opened one lazily.
    direct_channels_are_stable = True

    def __init__(self, client: discord.Client, translator: Translator, *, section_roles: bool = True) -> None:
        self._client = client
        self._translator = translator
        self._section_roles = section_roles

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        channel = destination.channel
        parts = embeds_for(self._translator, post.locale, post.content, footer=post.marker)
        files = _files(post, parts[0][0])
        first: dict[str, object] | None = None
        for index, embeds in enumerate(parts):
            nonce = idempotency_key if index == 0 else f"{idempotency_key}-{index}"
            # No files: no argument at all, so no multipart upload.
            attached = files if index == 0 and files else MISSING
            with handle_message_parameters(
                embeds=embeds, files=attached, nonce=nonce, allowed_mentions=NO_MENTIONS
            ) as params:
                created = await self._call(self._client.http.send_message(channel, params=params))
            first = first or created
        assert first is not None
        message = str(first["id"])
        for emoji in post.reactions:
            # The message exists now: a seed reaction that fails (no Add Reactions permission in the channel,
            # rate limits that outlast discord.py's retries) must not make the send count as failed — the
            # message would then be unknown, and members' own reactions on it would never count.
            try:
                await self._call(self._client.http.add_reaction(channel, message, emoji))
            except DeliveryError as problem:
                log.warning("could not add the seed reaction %s to message %s: %s", emoji, message, problem)
        return SentMessage(channel, message)

    async def edit(self, message: SentMessage, post: Post) -> None:
        embeds = embeds_for(self._translator, post.locale, post.content, footer=post.marker)[0]
        with handle_message_parameters(embeds=embeds, allowed_mentions=NO_MENTIONS) as params:
            await self._call(self._client.http.edit_message(message.channel, message.message, params=params))

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        channel = destination.channel
        recent = await self._call(self._client.http.logs_from(channel, _HISTORY_LOOKBACK))
        for message in recent:
            for embed in message.get("embeds", []):
                if embed.get("footer", {}).get("text") == marker:
                    return SentMessage(channel, str(message["id"]))
        return None

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        own = str(self._client.user.id) if self._client.user else ""
        found: dict[str, frozenset[str]] = {}
        fetched = await self._call(self._client.http.get_message(message.channel, message.message))
        for reaction in fetched.get("reactions", []):
            emoji = reaction["emoji"]["name"]
            users: set[str] = set()
            after: str | None = None
            while True:
                page = await self._call(
                    self._client.http.get_reaction_users(message.channel, message.message, emoji, 100, after)
                )
                users.update(str(user["id"]) for user in page)
                if len(page) < 100:
                    break
                after = str(page[-1]["id"])
            found[emoji] = frozenset(users - {own})
        return ReactionSnapshot(found)

    async def display_name(self, user: str) -> str:
        data = await self._call(self._client.http.get_user(int(user)))
        return str(data.get("global_name") or data.get("username") or user)

    async def open_section_channel(self, place: SectionPlace) -> ChannelBinding:
        guild = self._client.get_guild(int(place.community))
        if guild is None:
            raise DeliveryError(f"the bot is not in guild {place.community}")
        try:
            category = await self._category(guild)
            role = None
            if self._section_roles and not place.builtin:
                role = str((await guild.create_role(name=place.name[:100], mentionable=False)).id)
            # Made before a crash that came before the binding was stored: take it rather than make a second one.
            found = discord.utils.get(category.text_channels, name=place.slug)
            if found is not None:
                channel = str(found.id)
                if place.sensitive:
                    await self.set_section_privacy(place, ChannelBinding(channel, role))
            else:
                # A sensitive section's channel is hidden from the start: not a moment visible to everyone.
                everyone, bot, mine = self._identities(guild)
                overwrites = _private([], everyone, bot, role, mine) if place.sensitive else []
                made = self._client.http.create_channel(
                    guild.id,
                    discord.ChannelType.text.value,
                    name=place.slug,
                    parent_id=str(category.id),
                    topic=place.name[:1024],
                    permission_overwrites=overwrites,
                )
                channel = str((await self._call(made))["id"])
        except discord.HTTPException as problem:
            raise _refusal(problem) from None
        if place.sensitive and role is None:
            log.warning("the channel of sensitive section %s has no role: only the bot and admins see it", place.slug)
        return ChannelBinding(channel, role)

    def _identities(self, guild: discord.Guild) -> tuple[str, str, int]:
        """@everyone's role id (the guild's), the bot's user id, and the permissions the bot has in the guild."""
        bot = str(self._client.user.id) if self._client.user else ""
        mine = guild.me.guild_permissions.value if guild.me is not None else WRITE | BOT_KEEPS
        return str(guild.id), bot, mine

    async def set_section_privacy(
        self, place: SectionPlace, section: ChannelBinding, *, members: frozenset[str] | None = None
    ) -> None:
        """Private: @everyone may not see the channel, the section's role and the bot may (so ``members`` need no
        more: whoever lacks the role does not see it). Open: those three overwrites give and take VIEW_CHANNEL no
        more (others' bits, coordinators' overwrites, are left alone)."""
        guild = self._client.get_guild(int(place.community))
        if guild is None:
            raise DeliveryError(f"the bot is not in guild {place.community}")
        channel = int(section.channel)
        everyone, bot, mine = self._identities(guild)
        try:
            found = await self._call(self._client.http.get_channel(channel))
            before = found.get("permission_overwrites", [])
            if place.sensitive:
                wanted = _private(before, everyone, bot, section.role, mine)
            else:
                wanted = _open(before, everyone, bot, section.role)
            if _same(before, wanted):
                return
            await self._call(self._client.http.edit_channel(channel, permission_overwrites=wanted))
        except discord.HTTPException as problem:
            raise _refusal(problem) from None

    async def _category(self, guild: discord.Guild, name: str = CATEGORY_NAME) -> discord.CategoryChannel:
        for category in guild.categories:
            if category.name == name:
                return category
        return await guild.create_category(name)

    async def open_direct(self, user: str, name: str) -> str:
        opened = await self._call(self._client.http.start_private_message(int(user)))
        return str(opened["id"])

    async def add_to_community(self, community: str, user: str) -> None:
        """Whoever uses the bot on Discord is in its guild already."""

    async def set_section_access(
        self, community: str, section: ChannelBinding, user: str, *, member: bool, private: bool = False
    ) -> None:
        """The section's role granted or removed: a private channel is seen through it, so that is all it takes."""
        if section.role is None:
            return  # a built-in section, or a channel bound by hand: everyone sees it
        change = self._client.http.add_role if member else self._client.http.remove_role
        try:
            await self._call(change(int(community), int(user), int(section.role)))
        except DeliveryError as problem:
            if problem.permanent:  # left the guild, or the role sits above the bot's: nothing to retry
                log.warning("could not change role %s of user %s: %s", section.role, user, problem)
                return
            raise

    async def set_coordinator(self, community: str, section: ChannelBinding, user: str, *, coordinator: bool) -> None:
        """A member overwrite with Manage Messages on the section's channel (other bits in it are left alone)."""
        channel = int(section.channel)
        try:
            found = await self._call(self._client.http.get_channel(channel))
            own = _overwrite(found, MEMBER, user)
            allow, deny = (int(own["allow"]), int(own["deny"])) if own else (0, 0)
            wanted = (allow | MODERATE, deny & ~MODERATE) if coordinator else (allow & ~MODERATE, deny)
            if wanted == (allow, deny):
                return
            if wanted == (0, 0):
                await self._call(self._client.http.delete_channel_permissions(channel, int(user)))
            else:
                change = self._client.http.edit_channel_permissions
                await self._call(change(channel, int(user), str(wanted[0]), str(wanted[1]), MEMBER))
        except DeliveryError as problem:
            if problem.permanent:  # left the guild, the channel deleted, no Manage Roles: nothing to retry
                log.warning("could not change the moderation of user %s in channel %s: %s", user, channel, problem)
                return
            raise

    async def set_admin(self, community: str, user: str) -> None:
        """The guild's owner and members with Administrator or Manage Server are its admins: nothing to grant."""

    async def set_section_archived(
        self, place: SectionPlace, section: ChannelBinding, *, archived: bool
    ) -> ChannelBinding:
        """Archived: under "Archive", read-only for everyone (roles and members alike) but the bot, the section's
        role deleted. Restored: back under "Sections", writable, with a new role (its members get it from the core)."""
        guild = self._client.get_guild(int(place.community))
        if guild is None:
            raise DeliveryError(f"the bot is not in guild {place.community}")
        channel = int(section.channel)
        _, bot, mine = self._identities(guild)
        try:
            found = await self._call(self._client.http.get_channel(channel))
            category = await self._category(guild, ARCHIVE_NAME if archived else CATEGORY_NAME)
            role = section.role
            if archived:
                overwrites = _archived(found, str(guild.id), bot, mine)
            else:
                if role is None and self._section_roles and not place.builtin:
                    role = str((await guild.create_role(name=place.name[:100], mentionable=False)).id)
                overwrites = _restored(found, str(guild.id), bot, role, mine)
                if place.sensitive:  # in the same edit: the bot must not lose sight of it, nor anyone gain it
                    overwrites = _private(overwrites, str(guild.id), bot, role, mine)
            edit = self._client.http.edit_channel
            await self._call(edit(channel, parent_id=str(category.id), permission_overwrites=overwrites))
            if archived and role is not None:
                await self._delete_role(guild.id, role)
                role = None
        except discord.HTTPException as problem:
            raise _refusal(problem) from None
        return ChannelBinding(section.channel, role)

    async def _delete_role(self, guild: int, role: str) -> None:
        try:
            await self._call(self._client.http.delete_role(guild, int(role)))
        except DeliveryError as problem:
            if not problem.permanent:
                raise
            log.warning("could not delete role %s: %s", role, problem)  # deleted by hand already, say

    async def _call(self, request: Awaitable[object]) -> dict:  # type: ignore[type-arg]
        """Turn discord.py's errors into the core's: permanent for 4xx, retry later for the rest."""
        try:
            return await request  # type: ignore[return-value]
        except discord.RateLimited as limited:
            raise DeliveryError("rate limited", retry_after=limited.retry_after) from None
        except discord.DiscordServerError as problem:
            raise DeliveryError(f"Discord answered {problem.status}") from None
        except discord.HTTPException as problem:
            raise _refusal(problem) from None
        except (aiohttp.ClientError, TimeoutError) as problem:
            raise DeliveryError(f"Discord unreachable: {type(problem).__name__}") from None


def _overwrite(channel: dict, kind: int, target: str) -> dict | None:  # type: ignore[type-arg]
    return next(
        (o for o in channel.get("permission_overwrites", []) if int(o["type"]) == kind and str(o["id"]) == target),
        None,
    )


def _entry(kind: int, target: str, allow: int, deny: int) -> dict[str, object]:
    return {"id": target, "type": kind, "allow": str(allow), "deny": str(deny)}


def _archived(channel: dict, everyone: str, bot: str, mine: int) -> list[dict[str, object]]:  # type: ignore[type-arg]
    """The channel's overwrites made read-only: nobody's overwrite allows writing, @everyone's denies it, and the bot
    keeps what it needs. (Only permissions the bot has itself may be allowed or denied: ``mine``.)"""
    write, keeps = WRITE & mine, BOT_KEEPS & mine
    entries = []
    for found in channel.get("permission_overwrites", []):
        kind, target, allow, deny = int(found["type"]), str(found["id"]), int(found["allow"]), int(found["deny"])
        if (kind, target) == (MEMBER, bot):
            allow, deny = allow | keeps, deny & ~keeps
        else:
            allow &= ~write
            deny |= write if (kind, target) == (ROLE, everyone) else 0
        entries.append(_entry(kind, target, allow, deny))
    if _overwrite(channel, ROLE, everyone) is None:
        entries.append(_entry(ROLE, everyone, 0, write))
    if _overwrite(channel, MEMBER, bot) is None:
        entries.append(_entry(MEMBER, bot, keeps, 0))
    return entries


def _restored(
    channel: dict,  # type: ignore[type-arg]
    everyone: str,
    bot: str,
    role: str | None,
    mine: int,
) -> list[dict[str, object]]:
    """The channel's overwrites writable again: @everyone's deny of writing and the bot's own grant taken back; in a
    channel @everyone may not see, the (new) section role may."""
    write, keeps = WRITE & mine, BOT_KEEPS & mine
    entries = []
    hidden = False
    for found in channel.get("permission_overwrites", []):
        kind, target, allow, deny = int(found["type"]), str(found["id"]), int(found["allow"]), int(found["deny"])
        if (kind, target) == (ROLE, everyone):
            deny &= ~write
            hidden = bool(deny & discord.Permissions(view_channel=True).value)
        elif (kind, target) == (MEMBER, bot):
            allow &= ~keeps
        if allow or deny:
            entries.append(_entry(kind, target, allow, deny))
    if hidden and role is not None and _overwrite(channel, ROLE, role) is None:
        entries.append(_entry(ROLE, role, discord.Permissions(view_channel=True).value & mine, 0))
    return entries


def _private(
    overwrites: list[dict],  # type: ignore[type-arg]
    everyone: str,
    bot: str,
    role: str | None,
    mine: int,
) -> list[dict[str, object]]:
    """The overwrites of a channel its section's members only see: @everyone denied VIEW_CHANNEL, the role and the
    bot allowed it (the bot keeps seeing it without Administrator)."""
    view = VIEW & mine
    changes = {(ROLE, everyone): (0, view), (MEMBER, bot): (view, 0)}
    if role is not None:
        changes[(ROLE, role)] = (view, 0)
    return _with_view(overwrites, changes)


def _open(
    overwrites: list[dict],  # type: ignore[type-arg]
    everyone: str,
    bot: str,
    role: str | None,
) -> list[dict[str, object]]:
    """The overwrites of a normal section's channel: VIEW_CHANNEL neither denied to @everyone nor given by the
    section's overwrites; an overwrite left with nothing in it goes."""
    changes = {(ROLE, everyone): (0, 0), (MEMBER, bot): (0, 0)}
    if role is not None:
        changes[(ROLE, role)] = (0, 0)
    return _with_view(overwrites, changes)


def _with_view(
    overwrites: list[dict],  # type: ignore[type-arg]
    changes: dict[tuple[int, str], tuple[int, int]],
) -> list[dict[str, object]]:
    """``overwrites`` with VIEW_CHANNEL of each named one set to (allow, deny); their other bits kept."""
    entries = []
    for found in overwrites:
        kind, target, allow, deny = int(found["type"]), str(found["id"]), int(found["allow"]), int(found["deny"])
        if (kind, target) in changes:
            view_allow, view_deny = changes.pop((kind, target))
            allow, deny = (allow & ~VIEW) | view_allow, (deny & ~VIEW) | view_deny
            if not allow and not deny:
                continue
        entries.append(_entry(kind, target, allow, deny))
    entries.extend(
        _entry(kind, target, allow, deny) for (kind, target), (allow, deny) in changes.items() if allow or deny
    )
    return entries


def _same(overwrites: list[dict], wanted: list[dict[str, object]]) -> bool:  # type: ignore[type-arg]
    def key(entries: list[dict]) -> set[tuple[int, str, int, int]]:  # type: ignore[type-arg]
        return {(int(o["type"]), str(o["id"]), int(o["allow"]), int(o["deny"])) for o in entries}

    return key(overwrites) == key(wanted)


def _refusal(problem: discord.HTTPException) -> DeliveryError:
    if isinstance(problem, discord.DiscordServerError):
        return DeliveryError(f"Discord answered {problem.status}")
    if problem.status == 429:
        return DeliveryError("rate limited")
    return DeliveryError(f"Discord refused: {problem.status} {problem.text[:100]}", permanent=True)
