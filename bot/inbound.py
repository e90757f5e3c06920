"""The inbound seam: everything an adapter may ask of the core, in neutral terms.

An adapter turns its platform's events into these calls and renders what they return; it never builds
a command context, dispatches, or reaches into the services. The core answers with neutral values, and
reaches the platform only through the gateway the adapter attached (``ports.ChatGateway``).

- ``community`` / ``member``: a platform place or user seen (created on first sight);
- ``answer``: a command → a neutral reply, for platforms that show it themselves (Discord's
  interaction responses, the console); ``answer_in_chat``: the core posts the reply itself, through the
  outbox, once per platform event, privately where the reply is private (Matrix);
- ``reactions``: a batch of reactions changed, accounts resolved together, stored in one group commit;
- ``attach``: the platform is ready (its gateway takes posts); ``declare``: what it mirrors;
- ``first_admins``: the admins the platform names at start, while the community has none (the first is welcomed).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from bot.commands.context import CommandContext, Services
from bot.commands.dispatcher import dispatch
from bot.commands.grammar import CommandRequest, parse
from bot.commands.registry import CommandRegistry
from bot.delivery.access import PlatformTraits
from bot.delivery.destinations import Destinations, has_private_place
from bot.delivery.worker import DeliveryWorker
from bot.domain.delivery import Kind, dedupe_key
from bot.domain.models import Account, Community, Member, Section
from bot.errors import UserError
from bot.events import DeliveriesQueued
from bot.i18n import Translator
from bot.ports import ChatGateway, DeliveryError, ReadBackBudget
from bot.replies import Reply, error, msg, reply
from bot.replies_codec import encode_queued_reply
from bot.services.platform_state import PlatformStateService
from bot.services.publishing import PublishingService
from bot.settings import CommunitySettings
from bot.storage.repositories import outbox
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A platform user as the adapter sees them: their id there, the name shown, and the platform's own
    admin rights (a guild administrator, power in the Matrix space)."""

    user: str
    display_name: str | None = None
    admin: bool = False


@dataclass(frozen=True, slots=True)
class Invocation:
    """A command typed on a platform: the raw text (parsed by the core) or a request the platform parsed."""

    platform: str
    community: Community
    speaker: Speaker
    command: CommandRequest | str
    #: The platform's id of the channel or room it was typed in.
    channel: str | None = None
    #: How this platform writes commands: "/" on the console and Discord, "!" on Matrix.
    prefix: str = "/"
    #: Typed in a conversation of just the speaker and the bot: a private reply may go right there.
    direct: bool = False


@dataclass(frozen=True, slots=True)
class Answer:
    reply: Reply
    #: The language to show it in: the member's own, else the community's.
    locale: str


@dataclass(frozen=True, slots=True)
class ReactionChange:
    """A reaction added to or taken off a message (a meeting call, if it is one)."""

    message: str
    speaker: Speaker
    emoji: str
    added: bool


AddGateway = Callable[[ChatGateway, ReadBackBudget | None], Awaitable[None]]
ReadBackAgain = Callable[[str], None]


class Inbound:
    def __init__(
        self,
        *,
        services: Services,
        store: Store,
        state: PlatformStateService,
        worker: DeliveryWorker,
        destinations: Destinations,
        traits: PlatformTraits,
        community_settings: CommunitySettings,
        attach_gateway: AddGateway,
        read_back: ReadBackAgain,
    ) -> None:
        self._services = services
        self._store = store
        self._worker = worker
        self._destinations = destinations
        self._traits = traits
        self._community_settings = community_settings
        self._attach_gateway = attach_gateway
        self._read_back = read_back
        self._gateways: dict[str, ChatGateway] = {}
        #: What an adapter keeps across restarts (its sync token, its login budget, a digest of its commands).
        self.state = state

    @property
    def registry(self) -> CommandRegistry:
        return self._services.registry

    @property
    def translator(self) -> Translator:
        return self._services.translator

    @property
    def publishing(self) -> PublishingService:
        """The public pages' and calendar feeds' read API (the web adapter's way in; see ``bot.publishing``)."""
        return self._services.publishing

    @property
    def community_name(self) -> str:
        """What a community is called where the platform gives it no name of its own (a space the bot makes)."""
        return self._community_settings.name

    # --- platforms ------------------------------------------------------------------------------

    def declare(
        self,
        platform: str,
        *,
        welcomes_members: bool,
        mirrors_sections: bool,
        greets_first_admin: bool = False,
        mirrors_moderation: bool = False,
    ) -> None:
        """What the platform mirrors of the core's memberships (before anything runs): a member's first
        arrival (a Matrix space invitation) and section memberships (a Discord role, a Matrix room); whether
        the community's first admin gets a private welcome there (a direct message); and whether it mirrors
        who moderates and which sections are archived (power levels, channel overwrites)."""
        self._traits.declare(
            platform,
            welcomes_members=welcomes_members,
            mirrors_sections=mirrors_sections,
            greets_first_admin=greets_first_admin,
            mirrors_moderation=mirrors_moderation,
        )

    async def attach(self, gateway: ChatGateway, budget: ReadBackBudget | None = None) -> None:
        """The platform is ready: the core posts there from now on (once; attaching again changes nothing)."""
        if gateway.platform in self._gateways:
            return
        self._gateways[gateway.platform] = gateway
        await self._attach_gateway(gateway, budget)

    def events_lost(self, platform: str) -> None:
        """The platform dropped the events of a while (a session it would not resume): the open calls are read
        back, since reactions made meanwhile sent nothing."""
        self._read_back(platform)

    async def community(
        self, platform: str, place: str, *, name: str | None = None, locale: str | None = None, shared: bool = False
    ) -> Community:
        """The community living at ``place`` on the platform (a guild, a space), made on first sight with the
        configured zone; ``shared``: the deployment's one association, on several platforms at once."""
        settings = self._community_settings
        return await self._services.communities.ensure_community(
            platform,
            place,
            name=name or settings.name,
            timezone=settings.timezone,
            locale=locale or settings.locale,
            shared=shared,
        )

    async def known_community(self, platform: str, place: str) -> Community | None:
        return await self._services.communities.by_binding(platform, place)

    async def known_member(self, platform: str, community: Community, user: str) -> Member | None:
        """The member behind a platform account, if there is one (none after an erasure): nobody is made."""
        return await self._services.communities.member_by_account(community.id, platform, user)

    async def member(
        self,
        platform: str,
        community: Community,
        speaker: Speaker,
        *,
        admin_if_first: bool = False,
        not_counting: Collection[str] = (),
    ) -> Member:
        """The member behind a platform account, made (and welcomed) on first sight; ``admin_if_first``: made a
        community admin when nobody else is a member yet (the platform's accounts in ``not_counting`` aside)."""
        return await self._services.communities.ensure_member(
            community,
            platform,
            speaker.user,
            display_name=speaker.display_name,
            admin=speaker.admin,
            admin_if_first=admin_if_first,
            not_counting=not_counting,
        )

    async def section(self, community: Community, slug: str) -> Section:
        """An active section by its slug; a UserError (shown to the user) when there is none."""
        return await self._services.sections.get(community, slug)

    async def section_channel(self, platform: str, section: Section) -> str:
        """The section's channel on the platform (made there when it has none yet)."""
        return (await self._destinations.section_channel(platform, section.id)).channel

    async def section_channels(self, platform: str, community: Community, *, listed_only: bool = False) -> list[str]:
        """The channels of the community's active sections on the platform, made where missing; one the
        platform refuses to make now is left out (made when something is first delivered there). With
        ``listed_only``, those a community's place may list: not a sensitive section's (seen by its members only)."""
        channels = []
        for section, _ in await self._services.sections.overview(community, include_proposed=False):
            if listed_only and has_private_place(section):
                continue
            try:
                channels.append(await self.section_channel(platform, section))
            except DeliveryError as problem:
                log.warning("the channel of section %s on %s is not made yet: %s", section.slug, platform, problem)
        return channels

    async def may_invite(self, platform: str, community: Community, user: str, channel: str) -> bool:
        """Whether the bot joins ``channel`` when ``user`` invites it there: a section's own channel, or the invitation
        of someone the community trusts with one (a community admin, a coordinator of an active section)."""
        if await self._services.sections.by_channel(platform, channel) is not None:
            return True
        member = await self._services.communities.member_by_account(community.id, platform, user)
        if member is None:
            return False
        return member.is_admin or await self._services.sections.coordinates_anything(member)

    async def left_direct(self, platform: str, community: Community, user: str, channel: str) -> bool:
        """``user`` left ``channel``: if it was their direct conversation with the bot, a new one is opened for
        the next private answer. True when it was."""
        member = await self._services.communities.member_by_account(community.id, platform, user)
        return member is not None and await self._destinations.forget_direct(platform, member.id, channel)

    async def set_locale(self, member: Member, locale: str) -> Member:
        return await self._services.communities.set_locale(member, locale)

    async def first_admins(self, platform: str, community: Community, users: Sequence[str]) -> None:
        """The admins the platform names before anyone has typed a command (a guild's owner, a Matrix space's
        configured admins, its creator and whoever invited the bot), in order: while the community has no
        admin yet, they become members and admins now, and the first is welcomed with the next steps."""
        if not users or await self._services.communities.has_admin(community):
            return
        for user in dict.fromkeys(users):
            await self.member(platform, community, Speaker(user, await self._name(platform, user), admin=True))

    async def _name(self, platform: str, user: str) -> str | None:
        """The user's name as the platform shows it (None when it cannot say now: the id stands in for it)."""
        gateway = self._gateways.get(platform)
        if gateway is None:
            return None
        try:
            return await gateway.display_name(user)
        except DeliveryError as problem:
            log.warning("could not read the name of %s on %s: %s", user, platform, problem)
            return None

    # --- commands -------------------------------------------------------------------------------

    async def answer(self, invocation: Invocation) -> Answer:
        """Run a command and return its answer (a refusal when it cannot be run), in the member's language."""
        answer, _, _ = await self._answer(invocation)
        return answer

    async def _answer(self, invocation: Invocation) -> tuple[Answer, Member, bool]:
        """The answer, the member, and whether it was typed in their direct conversation: a room of just the
        two that is no section's (a section's room with one member so far is still shared: others may join)."""
        member = await self.member(invocation.platform, invocation.community, invocation.speaker)
        ctx = await self._context(invocation, member)
        direct = invocation.direct and invocation.channel is not None and ctx.channel_section is None
        if direct and invocation.channel is not None:
            await self._destinations.remember_direct(invocation.platform, member.id, invocation.channel)
        try:
            request = (
                invocation.command
                if isinstance(invocation.command, CommandRequest)
                else parse(self.registry, invocation.command, invocation.prefix)
            )
            answered = await dispatch(ctx, request)
        except UserError as refusal:
            answered = error(refusal.key, **refusal.args_)
        # The command may have changed the member's language (``language sv``): answer in the new one.
        current = await self._services.communities.member_by_account(
            invocation.community.id, invocation.platform, invocation.speaker.user
        )
        if current is None:
            # The command erased its own member (``mydata erase``): nothing is kept to send privately to, and the
            # answer names nobody; it is shown where the command was typed.
            direct = True
        member = current or member
        return Answer(answered, member.locale or invocation.community.locale), member, direct

    async def answer_in_chat(self, invocation: Invocation, *, event: str) -> None:
        """Run a command typed as platform event ``event`` and have the core post its answer, once per event
        (a sync handled again after a crash runs nothing twice). A private answer goes to the member's
        direct conversation; where they typed in a shared room, the room sees only a pointer to it."""
        tag = "e" + hashlib.sha256(event.encode()).hexdigest()[:24]
        here, there = (
            dedupe_key(Kind.REPLY, invocation.platform, target=target, extra=tag) for target in ("here", "dm")
        )
        async with self._store.transaction() as tx:
            done = await outbox.ids_by_keys(tx.conn, [there, here])
        if not done:
            answer, member, direct = await self._answer(invocation)
            privately = answer.reply.private and not direct
            done = await self._queue_answer(invocation, member, answer, privately, event=event, keys=(here, there))
        await self._worker.deliver_now(done)

    async def _queue_answer(
        self,
        invocation: Invocation,
        member: Member,
        answer: Answer,
        privately: bool,
        *,
        event: str,
        keys: tuple[str, str],
    ) -> list[int]:
        """Queue the answer (and, when it goes to the direct conversation instead, a pointer where it was typed)."""
        here, there = keys
        shown_here = reply(msg("reply-sent-privately"), private=False) if privately else answer.reply
        now = self._services.clock.now()
        async with self._store.transaction() as tx:

            async def queue(key: str, content: Reply, reply_to: str | None, **target: Any) -> None:
                await outbox.enqueue(
                    tx.conn,
                    dedupe_key=key,
                    kind=Kind.REPLY,
                    community_id=invocation.community.id,
                    platform=invocation.platform,
                    due_at=now,
                    payload=encode_queued_reply(content, answer.locale, reply_to),
                    now=now,
                    **target,
                )

            if privately:
                await queue(there, answer.reply, None, member_id=member.id)
            await queue(here, shown_here, event, channel=invocation.channel)
            tx.emit(DeliveriesQueued())
            return await outbox.ids_by_keys(tx.conn, [there, here])

    async def _context(self, invocation: Invocation, member: Member) -> CommandContext:
        section = (
            await self._services.sections.by_channel(invocation.platform, invocation.channel)
            if invocation.channel
            else None
        )
        return CommandContext(
            services=self._services,
            community=invocation.community,
            member=member,
            platform=invocation.platform,
            channel_section=section.slug if section else None,
            prefix=invocation.prefix,
            channel_ref=invocation.channel,
        )

    async def suggest(self, invocation: Invocation, option: str, typed: str) -> list[tuple[str, str]]:
        """Completions for an option being typed: (shown, value) pairs, at most 25."""
        if option == "section":
            found = await self._services.sections.overview(invocation.community, include_proposed=False)
            lowered = typed.lower()
            return [(f"{s.slug} — {s.name}"[:100], s.slug) for s, _ in found if lowered in s.slug][:25]
        if option == "date" and isinstance(invocation.command, CommandRequest):
            section = await self._services.sections.by_channel(invocation.platform, invocation.channel or "")
            slug = str(invocation.command.values.get("section") or (section.slug if section else ""))
            try:
                upcoming = await self._services.meetings.upcoming(
                    await self._services.sections.get(invocation.community, slug), 10
                )
            except UserError:
                return []
            return [
                (details.local_start.strftime("%Y-%m-%d %H:%M"), details.local_start.date().isoformat())
                for details in upcoming
            ]
        return []

    # --- reactions ------------------------------------------------------------------------------

    async def reactions(self, platform: str, community: Community, changes: Sequence[ReactionChange]) -> None:
        """Apply reactions on meeting calls, in order (of two by one member the later wins); returns once they
        are stored. A batch (a sync's worth) lands in one transaction of the reactions' group commit."""
        accounts = [await self._account(platform, community, change.speaker, change.added) for change in changes]
        await asyncio.gather(
            *(
                self._services.rsvps.on_reaction(platform, change.message, account, change.emoji, added=change.added)
                for change, account in zip(changes, accounts, strict=True)
            )
        )

    async def _account(self, platform: str, community: Community, speaker: Speaker, added: bool) -> Account:
        name = speaker.display_name
        if name is None and added and platform in self._gateways:
            # Someone first seen through a reaction that did not name them: ask the platform, once.
            known = await self._services.communities.member_by_account(community.id, platform, speaker.user)
            if known is None:
                name = await self._gateways[platform].display_name(speaker.user)
        return Account(community.id, platform, speaker.user, name, speaker.admin)
