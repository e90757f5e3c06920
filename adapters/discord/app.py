"""The Discord adapter: a discord.py client driving the core.

Community = guild; a section = a text channel under a "Sections" category (created when the
section opens, or bound with /section bind) with an optional role granted on join. Intents:
guilds and guild message reactions only — nothing privileged.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import discord

from adapters.discord.commands import AUTOCOMPLETED, command_payload, payload_hash, request_from
from adapters.discord.gateway import NO_MENTIONS, PLATFORM, DiscordGateway
from adapters.discord.render import embeds_for
from bot.bootstrap import Core
from bot.commands.context import CommandContext
from bot.commands.dispatcher import dispatch
from bot.delivery.read_back import ReadBackBudget
from bot.domain.models import Account, Community, Member
from bot.errors import UserError
from bot.events import Event, MembershipChanged, SectionActivated
from bot.i18n import normalise_locale
from bot.replies import Reply, Tone

log = logging.getLogger(__name__)

CATEGORY_NAME = "Sections"
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
        core: Core,
        token: str,
        *,
        section_roles: bool = True,
        guild_ready_timeout: float = 2.0,
        login_retry_seconds: tuple[float, float] = (2.0, 300.0),
    ) -> None:
        self._core = core
        self._token = token
        self._login_retry_seconds = login_retry_seconds
        self._section_roles = section_roles
        self.client = discord.Client(intents=intents(), guild_ready_timeout=guild_ready_timeout)
        self.gateway = DiscordGateway(self.client, core.services, self._section_channel, core.platform_state)
        self.ready = asyncio.Event()
        self._guild_locks: dict[int, asyncio.Lock] = {}
        self._channel_locks: dict[int, asyncio.Lock] = {}
        self._attached = False
        self.client.event(self.on_ready)
        self.client.event(self.on_guild_join)
        self.client.event(self.on_interaction)
        self.client.event(self.on_raw_reaction_add)
        self.client.event(self.on_raw_reaction_remove)
        core.bus.subscribe(self._on_core_event)

    async def run(self) -> None:
        """Log in (within the login budget) and stay connected; discord.py reconnects and resumes."""
        delay = await self._core.platform_state.login_delay(PLATFORM)
        if delay.total_seconds() > 0:
            log.warning("logged in to Discord often lately; waiting %s before the next login", delay)
            await asyncio.sleep(delay.total_seconds())
        await self._core.platform_state.record_login(PLATFORM)
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
        try:
            await self.gateway.save_dm_channels()
        except Exception:  # the database may be gone already; the ids are only a saving of requests
            log.warning("could not store the Discord DM channels opened lately", exc_info=True)

    # --- guilds ----------------------------------------------------------------------------

    async def on_ready(self) -> None:
        for guild in self.client.guilds:
            await self._set_up(guild)
        if not self._attached:
            self._attached = True
            self._core.add_gateway(self.gateway, self._resolve_account, READ_BACK_BUDGET)
            await self._core.prepare_delivery()
        else:
            # READY again: Discord would not resume the session, and the events in between are lost with it.
            self._core.read_back(PLATFORM)
        self.ready.set()

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._set_up(guild)

    async def _set_up(self, guild: discord.Guild) -> None:
        async with self._guild_locks.setdefault(guild.id, asyncio.Lock()):
            community = await self._community(guild)
            await self._sync_commands(guild)
            for section, _ in await self._core.services.sections.overview(community, include_proposed=False):
                await self._section_channel(section.id)

    async def _community(self, guild: discord.Guild) -> Community:
        settings = self._core.settings.community
        locale = normalise_locale(str(guild.preferred_locale)) or settings.locale
        return await self._core.services.communities.ensure_community(
            PLATFORM,
            str(guild.id),
            name=guild.name[:100],
            timezone=settings.timezone,
            locale=locale,
            shared=str(guild.id) == self._core.settings.discord.guild_id,
        )

    async def _sync_commands(self, guild: discord.Guild) -> None:
        """Overwrite the guild's commands only when they changed: Discord allows 200 creates a day."""
        payload = command_payload(self._core.services.registry, self._core.services.translator)
        digest = payload_hash(payload)
        key = f"commands:{guild.id}"
        if await self._core.platform_state.get(PLATFORM, key) == digest:
            return
        assert self.client.application_id is not None
        await self.client.http.bulk_upsert_guild_commands(self.client.application_id, guild.id, payload)
        await self._core.platform_state.put(PLATFORM, key, digest)
        log.info("synced %d commands to guild %s", len(payload), guild.id)

    async def _section_channel(self, section_id: int) -> str:
        """The section's channel id, creating the channel (and role) the first time it is needed."""
        # One at a time per section: the section opening and a delivery to it must not make two channels.
        async with self._channel_locks.setdefault(section_id, asyncio.Lock()):
            return await self._bound_or_new_channel(section_id)

    async def _bound_or_new_channel(self, section_id: int) -> str:
        bound = await self._core.services.sections.binding(section_id, PLATFORM)
        if bound is not None:
            return bound[0]
        section = await self._core.services.sections.by_id(section_id)
        guild_id = await self._core.services.communities.binding(section.community_id, PLATFORM)
        if guild_id is None:
            raise UserError("error-bind-here")
        guild = self.client.get_guild(int(guild_id))
        if guild is None:
            raise RuntimeError(f"not in guild {guild_id}")
        category = await self._category(guild)
        # Made before a crash that came before the binding was stored: take it rather than make a second one.
        channel = discord.utils.get(category.text_channels, name=section.slug)
        if channel is None:
            channel = await guild.create_text_channel(section.slug, category=category, topic=section.name[:1024])
        role_id = None
        if self._section_roles and not section.kind.is_builtin:
            role = await guild.create_role(name=section.name[:100], mentionable=False)
            role_id = str(role.id)
        await self._core.services.sections.bind_channel(section, PLATFORM, str(channel.id), role_id)
        if role_id is not None:
            await self._grant_to_members(guild.id, section_id, int(role_id))
        return str(channel.id)

    async def _grant_to_members(self, guild_id: int, section_id: int, role_id: int) -> None:
        """Those already in the section when its role appears (the coordinator who proposed it) get it too.

        Their MembershipChanged came before SectionActivated, while the section had no role to grant.
        """
        for member_id in await self._core.services.sections.member_ids(section_id):
            account = await self._core.services.communities.account_of(member_id, PLATFORM)
            if account is None:
                continue
            try:
                await self.client.http.add_role(guild_id, int(account), role_id)
            except discord.HTTPException as problem:  # left the guild, or the role sits above the bot's
                log.warning("could not give role %s to user %s: %s", role_id, account, problem)

    async def _category(self, guild: discord.Guild) -> discord.CategoryChannel:
        for category in guild.categories:
            if category.name == CATEGORY_NAME:
                return category
        return await guild.create_category(CATEGORY_NAME)

    async def _on_core_event(self, event: Event) -> None:
        if not self._attached:
            return
        if isinstance(event, SectionActivated):
            await self._section_channel(event.section_id)
        elif isinstance(event, MembershipChanged):
            await self._sync_role(event)

    async def _sync_role(self, event: MembershipChanged) -> None:
        bound = await self._core.services.sections.binding(event.section_id, PLATFORM)
        account = await self._core.services.communities.account_of(event.member_id, PLATFORM)
        guild_id = await self._core.services.communities.binding(event.community_id, PLATFORM)
        if bound is None or bound[1] is None or account is None or guild_id is None:
            return
        change = self.client.http.add_role if event.joined else self.client.http.remove_role
        await change(int(guild_id), int(account), int(bound[1]))

    # --- members ---------------------------------------------------------------------------

    async def _member(self, community: Community, user: discord.abc.User) -> Member:
        return await self._core.services.communities.ensure_member(
            community, PLATFORM, str(user.id), display_name=user.display_name, admin=_is_admin(user)
        )

    async def _resolve_account(self, community_id: int, user: str) -> Member | None:
        found = await self._core.services.communities.member_by_account(community_id, PLATFORM, user)
        if found is not None:
            return found
        guild_id = await self._core.services.communities.binding(community_id, PLATFORM)
        community = await self._core.services.communities.by_binding(PLATFORM, guild_id) if guild_id else None
        if community is None:
            return None
        name = await self.gateway.display_name(user)
        return await self._core.services.communities.ensure_member(community, PLATFORM, user, display_name=name)

    # --- interactions ----------------------------------------------------------------------

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.guild is None or interaction.data is None:
            return
        data: dict[str, Any] = dict(interaction.data)
        request, focused = request_from(self._core.services.registry, data)
        if request is None:
            return
        community = await self._community(interaction.guild)
        member = await self._member(community, interaction.user)
        channel_ref = str(interaction.channel_id) if interaction.channel_id else None
        section = await self._core.services.sections.by_channel(PLATFORM, channel_ref) if channel_ref else None
        ctx = CommandContext(
            services=self._core.services,
            community=community,
            member=member,
            platform=PLATFORM,
            channel_section=section.slug if section else None,
            prefix="/",
            channel_ref=channel_ref,
        )
        if interaction.type is discord.InteractionType.autocomplete:
            await self._autocomplete(interaction, ctx, focused, request.values)
            return
        await self._answer(interaction, ctx, dispatch(ctx, request))

    async def _answer(self, interaction: discord.Interaction, ctx: CommandContext, work: Any) -> None:
        task = asyncio.ensure_future(work)
        try:
            answer: Reply = await asyncio.wait_for(asyncio.shield(task), _ANSWER_WITHIN)
        except TimeoutError:
            await interaction.response.defer(ephemeral=True, thinking=True)
            answer = await task
            await self._follow_up(interaction, ctx, answer)
            return
        ephemeral = answer.private or answer.tone is Tone.ERROR
        embeds = embeds_for(self._core.services.translator, ctx.locale, answer)
        await interaction.response.send_message(embeds=embeds[0], ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
        for more in embeds[1:]:
            await interaction.followup.send(embeds=more, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)

    async def _follow_up(self, interaction: discord.Interaction, ctx: CommandContext, answer: Reply) -> None:
        for embeds in embeds_for(self._core.services.translator, ctx.locale, answer):
            await interaction.followup.send(embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def _autocomplete(
        self, interaction: discord.Interaction, ctx: CommandContext, focused: str | None, values: dict[str, Any]
    ) -> None:
        typed = str(values.get(focused or "", "")).lower()
        choices: list[discord.app_commands.Choice[str]] = []
        if focused == "section":
            found = await self._core.services.sections.overview(ctx.community, include_proposed=False)
            choices = [
                discord.app_commands.Choice(name=f"{section.slug} — {section.name}"[:100], value=section.slug)
                for section, _ in found
                if typed in section.slug
            ]
        elif focused == "date" and focused in AUTOCOMPLETED:
            slug = str(values.get("section") or ctx.channel_section or "")
            choices = await self._upcoming_dates(ctx, slug)
        await interaction.response.autocomplete(choices[:25])

    async def _upcoming_dates(self, ctx: CommandContext, slug: str) -> list[discord.app_commands.Choice[str]]:
        try:
            section = await ctx.services.sections.get(ctx.community, slug)
            upcoming = await ctx.services.meetings.upcoming(section, 10)
        except UserError:
            return []
        return [
            discord.app_commands.Choice(
                name=details.local_start.strftime("%Y-%m-%d %H:%M"), value=details.local_start.date().isoformat()
            )
            for details in upcoming
        ]

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
        # Known guilds and accounts are answered from memory: a burst's reactions reach the core's
        # queue in the order Discord sent them, before anything here waits.
        community = await self._core.services.communities.by_binding(PLATFORM, str(payload.guild_id))
        if community is None:
            return
        who: Member | Account
        user = str(payload.user_id)
        if payload.member is not None:
            who = Account(community.id, PLATFORM, user, payload.member.display_name, _is_admin(payload.member))
        elif not added:  # Discord names no member on a removal; the stored name stays
            who = Account(community.id, PLATFORM, user, None)
        else:
            found = await self._resolve_account(community.id, user)
            if found is None:
                return
            who = found
        message, emoji = str(payload.message_id), str(payload.emoji)
        await self._core.services.rsvps.on_reaction(PLATFORM, message, who, emoji, added=added)


def _is_admin(user: discord.abc.User) -> bool:
    return isinstance(user, discord.Member) and (
        user.guild_permissions.administrator or user.guild_permissions.manage_guild
    )
