"""The Discord adapter: a discord.py client driving the core.

Community = guild; a section = a text channel under a "Sections" category (created when the
section opens, or bound with /section bind) with an optional role granted on join. Intents:
guilds and guild message reactions only — nothing privileged.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable
from typing import Any

import aiohttp
import discord

from adapters.discord.commands import AUTOCOMPLETED, command_payload, payload_hash, request_from
from adapters.discord.gateway import NO_MENTIONS, PLATFORM, DiscordGateway
from adapters.discord.render import embeds_for, show_image
from bot.domain.models import Community
from bot.i18n import normalise_locale
from bot.inbound import Answer, Inbound, Invocation, ReactionChange, Speaker
from bot.ports import ReadBackBudget
from bot.replies import Tone

log = logging.getLogger(__name__)

#: Longer than this and the interaction is deferred (Discord wants an answer within 3 s).
_ANSWER_WITHIN = 2.0
#: Reading back a call is the message and one page of reactors per seed emoji; a fifth of the 50/s
#: global limit leaves the rest to deliveries (and the 429 ban budget untouched).
READ_BACK_BUDGET = ReadBackBudget(requests_per_second=10.0, requests_per_call=4)


def intents() -> discord.Intents:
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_reactions = True
    return chosen


class DiscordAdapter:
    def __init__(
        self,
        inbound: Inbound,
        token: str,
        *,
        guild_id: str | None = None,
        section_roles: bool = True,
        guild_ready_timeout: float = 2.0,
        login_retry_seconds: tuple[float, float] = (2.0, 300.0),
    ) -> None:
        self._inbound = inbound
        self._token = token
        #: The guild of the association shared with other platforms (``discord.guild_id``), if any.
        self._shared_guild = guild_id
        self._login_retry_seconds = login_retry_seconds
        self.client = discord.Client(intents=intents(), guild_ready_timeout=guild_ready_timeout)
        self.gateway = DiscordGateway(self.client, inbound.translator, section_roles=section_roles)
        self.ready = asyncio.Event()
        self._guild_locks: dict[int, asyncio.Lock] = {}
        # Roles mirror section memberships; nothing to do when someone first shows up (they are in the guild).
        # The first admin is welcomed in a direct message. Coordinators moderate their section's channel (an
        # overwrite), and an archived section's channel is moved aside, read-only.
        inbound.declare(
            PLATFORM,
            welcomes_members=False,
            mirrors_sections=section_roles,
            greets_first_admin=True,
            mirrors_moderation=True,
        )
        self.client.event(self.on_ready)
        self.client.event(self.on_guild_join)
        self.client.event(self.on_interaction)
        self.client.event(self.on_raw_reaction_add)
        self.client.event(self.on_raw_reaction_remove)

    async def run(self) -> None:
        """Log in (within the login budget) and stay connected; discord.py reconnects and resumes."""
        delay = await self._inbound.state.login_delay(PLATFORM)
        if delay.total_seconds() > 0:
            log.warning("logged in to Discord often lately; waiting %s before the next login", delay)
            await asyncio.sleep(delay.total_seconds())
        await self._inbound.state.record_login(PLATFORM)
        await self._log_in_once_reachable()
        await self.client.connect(reconnect=True)

    async def _log_in_once_reachable(self) -> None:
        """Log in, waiting out a Discord that cannot be reached or answers with server errors.

        Failing here would end ``netgroups run`` and take the other platforms down with Discord; until the
        login succeeds, Discord's deliveries wait in the outbox. A refused token still stops the bot at once.
        """
        first, longest = self._login_retry_seconds
        failures = 0
        while True:
            try:
                await self.client.login(self._token)
                return
            except (discord.DiscordServerError, aiohttp.ClientError, OSError, TimeoutError) as problem:
                # Each login opens its own HTTP session: close this one, and let the next make a new connector
                # (closing the session closed the one it had).
                await self.client.http.close()
                self.client.http.connector = discord.utils.MISSING
                failures += 1
                delay = min(longest, first * 2 ** (failures - 1))
                log.warning(
                    "Discord unavailable at login (%s: %s); trying again in %.0f s",
                    type(problem).__name__,
                    problem,
                    delay,
                )
                await asyncio.sleep(delay)

    async def close(self) -> None:
        await self.client.close()

    # --- guilds ----------------------------------------------------------------------------

    async def on_ready(self) -> None:
        """READY, the first time or again (Discord would not resume the session: the events between are lost,
        so the core reads back the open calls)."""
        guilds = list(self.client.guilds)
        communities = [await self._set_up(guild) for guild in guilds]
        if self.ready.is_set():
            self._inbound.events_lost(PLATFORM)
        else:
            await self._inbound.attach(self.gateway, READ_BACK_BUDGET)
        for guild, community in zip(guilds, communities, strict=True):
            await self._first_admin(guild, community)
            await self._inbound.section_channels(PLATFORM, community)
        if self.ready.is_set():
            log.info("discord: connected again in a new session; the open calls are read back")
            return
        user = self.client.user
        names = ", ".join(guild.name for guild in guilds) or "none yet"
        where = ("guild " if len(guilds) == 1 else "guilds ") + names
        log.info("discord: ready in %s as %s", where, user.name if user else "?")
        self.ready.set()

    async def on_guild_join(self, guild: discord.Guild) -> None:
        community = await self._set_up(guild)
        await self._first_admin(guild, community)
        await self._inbound.section_channels(PLATFORM, community)

    async def _first_admin(self, guild: discord.Guild, community: Community) -> None:
        """The guild's owner is the community's first admin from the start (welcomed in a direct message),
        before anyone has typed a command."""
        if guild.owner_id is not None and self.client.user is not None and guild.owner_id != self.client.user.id:
            await self._inbound.first_admins(PLATFORM, community, [str(guild.owner_id)])

    async def _set_up(self, guild: discord.Guild) -> Community:
        async with self._guild_locks.setdefault(guild.id, asyncio.Lock()):
            community = await self._community(guild)
            await self._sync_commands(guild)
            return community

    async def _community(self, guild: discord.Guild) -> Community:
        return await self._inbound.community(
            PLATFORM,
            str(guild.id),
            name=guild.name[:100],
            locale=normalise_locale(str(guild.preferred_locale)),
            shared=str(guild.id) == self._shared_guild,
        )

    async def _sync_commands(self, guild: discord.Guild) -> None:
        """Overwrite the guild's commands only when they changed: Discord allows 200 creates a day."""
        payload = command_payload(self._inbound.registry, self._inbound.translator)
        digest = payload_hash(payload)
        key = f"commands:{guild.id}"
        if await self._inbound.state.get(PLATFORM, key) == digest:
            return
        assert self.client.application_id is not None
        await self.client.http.bulk_upsert_guild_commands(self.client.application_id, guild.id, payload)
        await self._inbound.state.put(PLATFORM, key, digest)
        log.info("synced %d commands to guild %s", len(payload), guild.id)

    # --- interactions ----------------------------------------------------------------------

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.guild is None or interaction.data is None:
            return
        data: dict[str, Any] = dict(interaction.data)
        request, focused = request_from(self._inbound.registry, data)
        if request is None:
            return
        user = interaction.user
        invocation = Invocation(
            PLATFORM,
            await self._community(interaction.guild),
            Speaker(str(user.id), user.display_name, _is_admin(user)),
            request,
            channel=str(interaction.channel_id) if interaction.channel_id else None,
        )
        if interaction.type is discord.InteractionType.autocomplete:
            typed = str(request.values.get(focused or "", ""))
            found = await self._inbound.suggest(invocation, focused or "", typed) if focused in AUTOCOMPLETED else []
            choices = [discord.app_commands.Choice(name=name, value=value) for name, value in found]
            await interaction.response.autocomplete(choices[:25])
            return
        await self._answer(interaction, self._inbound.answer(invocation))

    async def _answer(self, interaction: discord.Interaction, work: Awaitable[Answer]) -> None:
        """Answer within Discord's 3 s, or defer and follow up (ephemerally: a slow answer may be private)."""
        task = asyncio.ensure_future(work)
        try:
            answer = await asyncio.wait_for(asyncio.shield(task), _ANSWER_WITHIN)
        except TimeoutError:
            await interaction.response.defer(ephemeral=True, thinking=True)
            answer = await task
            parts = _with_image(embeds_for(self._inbound.translator, answer.locale, answer.reply), answer)
            for index, part in enumerate(parts):
                files = _files(answer) if index == len(parts) - 1 else {}
                await interaction.followup.send(embeds=part, ephemeral=True, allowed_mentions=NO_MENTIONS, **files)
            return
        ephemeral = answer.reply.private or answer.reply.tone is Tone.ERROR
        parts = _with_image(embeds_for(self._inbound.translator, answer.locale, answer.reply), answer)
        # Files go with the last part, under everything they belong to.
        first_files = _files(answer) if len(parts) == 1 else {}
        await interaction.response.send_message(
            embeds=parts[0], ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, **first_files
        )
        for index, more in enumerate(parts[1:], start=1):
            files = _files(answer) if index == len(parts) - 1 else {}
            await interaction.followup.send(embeds=more, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, **files)

    # --- reactions -------------------------------------------------------------------------

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self._reaction(payload, added=True)

    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        await self._reaction(payload, added=False)

    async def _reaction(self, payload: discord.RawReactionActionEvent, *, added: bool) -> None:
        if self.client.user is not None and payload.user_id == self.client.user.id:
            return  # the bot's own seed reactions never count
        if payload.guild_id is None:
            return
        community = await self._inbound.known_community(PLATFORM, str(payload.guild_id))
        if community is None:
            return
        # Discord names the member on an addition only; on a removal the stored name stays.
        reactor = payload.member
        speaker = Speaker(
            str(payload.user_id),
            reactor.display_name if reactor is not None else None,
            _is_admin(reactor) if reactor is not None else False,
        )
        change = ReactionChange(str(payload.message_id), speaker, str(payload.emoji), added)
        await self._inbound.reactions(PLATFORM, community, [change])


def _is_admin(user: discord.abc.User) -> bool:
    """The guild's owner, and members with Administrator (or Manage Server): by their roles in the cached guild,
    or by the permissions Discord itself sent with an interaction (right even when the cache is behind)."""
    if not isinstance(user, discord.Member):
        return False
    if user.guild.owner_id == user.id:
        return True
    counted = [user.guild_permissions, user.resolved_permissions]
    return any(granted.administrator or granted.manage_guild for granted in counted if granted is not None)


def _with_image(parts: list[list[discord.Embed]], answer: Answer) -> list[list[discord.Embed]]:
    """The answer's first image (a chart) shown in the last embed, the one its files go with."""
    show_image(parts[-1][-1], answer.reply.attachments)
    return parts


def _files(answer: Answer) -> dict[str, Any]:
    """The answer's files as discord.py takes them (none: no argument at all, so no multipart upload)."""
    if not answer.reply.attachments:
        return {}
    return {
        "files": [
            discord.File(io.BytesIO(attachment.data), filename=attachment.filename)
            for attachment in answer.reply.attachments
        ]
    }
