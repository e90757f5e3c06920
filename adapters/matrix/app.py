"""The Matrix adapter: one matrix-nio client driving the core.

Community = a space; a section = a room in it, created when the section opens, and members are
invited when they join. Commands start with ``!`` (Element keeps ``/``); reactions on meeting
calls are RSVPs. The sync token is stored only after the events it covers were handled, so a
restart neither loses nor repeats a command (replies carry a transaction id of their own too).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import ClientConnectionError
from nio import (
    AsyncClientConfig,
    InviteMemberEvent,
    JoinedMembersResponse,
    LoginResponse,
    MessageDirection,
    ReactionEvent,
    RedactionEvent,
    RoomCreateResponse,
    RoomMemberEvent,
    RoomMessagesResponse,
    RoomMessageText,
    RoomPreset,
    RoomVisibility,
    SyncResponse,
    WhoamiResponse,
)

from adapters.matrix import space
from adapters.matrix.admins import SpaceAdmins
from adapters.matrix.client import BotClient
from adapters.matrix.gateway import PLATFORM, MatrixGateway, within_rate_limits
from bot.domain.models import Community
from bot.errors import StartupError
from bot.inbound import Inbound, Invocation, ReactionChange, Speaker
from bot.ports import DeliveryError, ReadBackBudget
from bot.settings import MatrixSettings

log = logging.getLogger(__name__)

_SYNC_TIMEOUT_MS = 30_000
#: Errors that say the access token itself is refused: waiting will not help, the settings must change.
_TOKEN_REFUSED = frozenset({"M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_FORBIDDEN", "M_USER_DEACTIVATED"})


#: Up to this many timeline events per room in one sync; a busier room's are paged in (``_gap``).
_TIMELINE_LIMIT = 100


#: The bot's own events are not filtered out (``not_senders``): Synapse would still wake the long-poll for each
#: and compute an empty answer, which cost it about twice the CPU per event in a fan-out (benchmarks/README).
_SYNC_FILTER = {"room": {"timeline": {"limit": _TIMELINE_LIMIT}}}
#: A sync that brought nothing to handle (the bot's own sends, in a fan-out) stores its token at most this often:
#: started again from an older one, the bot gets only such events again, and skips them again.
_QUIET_TOKEN_EVERY_S = 30.0
#: After a sync that brought nothing to handle (in a fan-out: woken by the bot's own sends), the next one waits this
#: long, so that it brings a few of them at once rather than one each: a sync round cost about 1 ms of the bot's CPU
#: however little it brought. A command typed meanwhile waits this much longer for its answer.
_AFTER_NOTHING_S = 0.1


_GAP_PAGE = 100
#: How long what a reaction was about is kept, for its redaction: calls go out a week ahead, and answers stop
#: mattering once the meeting has started.
_REACTIONS_KEPT = timedelta(days=60)


class HomeserverUnavailable(Exception):
    """The homeserver could not be reached or answered with a server error: worth trying again later."""


#: One page of relations per call. Synapse's rc_message does not count reads, but the homeserver is
#: often small and shared: a few requests a second is enough to read a week of calls in minutes.
READ_BACK_BUDGET = ReadBackBudget(requests_per_second=5.0, requests_per_call=1)


@dataclass
class _SyncBatch:
    """What one sync brought, in order: commands one by one, and each run of reactions between them handed
    to the core together (one transaction of the reactions' group commit, not one each)."""

    steps: list[list[ReactionChange] | tuple[str, RoomMessageText]] = field(default_factory=list)
    #: (room, user) for each person who left a room.
    left: list[tuple[str, str]] = field(default_factory=list)

    def command(self, room_id: str, event: RoomMessageText) -> None:
        self.steps.append((room_id, event))

    def reaction(self, change: ReactionChange) -> None:
        if not self.steps or not isinstance(self.steps[-1], list):
            self.steps.append([])
        last = self.steps[-1]
        assert isinstance(last, list)
        last.append(change)


class MatrixAdapter:
    def __init__(
        self,
        inbound: Inbound,
        settings: MatrixSettings,
        data_dir: Path,
        *,
        sync_timeout_ms: int = _SYNC_TIMEOUT_MS,
        start_retry_seconds: tuple[float, float] = (2.0, 300.0),
    ) -> None:
        assert settings.homeserver is not None
        assert settings.user_id is not None
        self._inbound = inbound
        self._settings = settings
        self._session_file = data_dir / "matrix-session.json"
        self._sync_timeout_ms = sync_timeout_ms
        self._start_retry_seconds = start_retry_seconds
        # No waiting inside nio on a rate limit (it would wait any delay, forever by default): see
        # within_rate_limits, which waits short delays a few times and otherwise gives up.
        config = AsyncClientConfig(
            max_limit_exceeded=0, max_timeouts=3, encryption_enabled=False, store_sync_tokens=False
        )
        self.client = BotClient(settings.homeserver, settings.user_id, config=config)
        self.gateway = MatrixGateway(
            self.client, inbound.translator, settings.prefix, seed_reactions=settings.seed_reactions
        )
        self.ready = asyncio.Event()
        self._community: Community | None = None
        self._space = ""
        self._admins = SpaceAdmins(self.client, settings, inbound)
        #: The sync token to sync from ("" before the first sync), None until read from the database; what is stored
        #: may be older (``_keep_token``).
        self._since: str | None = None
        self._token_stored_at = float("-inf")
        #: When this process first tried to start (ms since the epoch, as the homeserver's timestamps).
        self._started_ms: int | None = None
        #: On a first start (no sync token stored), what happened before the bot started is history, never
        #: answered: events older than this (ms) are left out, whichever sync brings them.
        self._history_before: int | None = None
        #: Who is in each room the bot has looked into (room id -> user ids), for telling direct rooms apart.
        self._room_members: dict[str, frozenset[str]] = {}
        #: Invitations that came before the bot knew its space and admins (its first sync), answered once it does.
        self._waiting_invites: list[tuple[str, InviteMemberEvent]] = []
        # Members are invited to the space when first seen, and to the rooms of the sections they join; the first
        # admin is welcomed in a direct room; coordinators and admins get moderator power, archived rooms go read-only.
        inbound.declare(
            PLATFORM, welcomes_members=True, mirrors_sections=True, greets_first_admin=True, mirrors_moderation=True
        )

    # --- start ---------------------------------------------------------------------------

    async def start(self) -> None:
        if self._started_ms is None:
            self._started_ms = int(time.time() * 1000)
        await self._log_in()
        await self._starting_point()
        self._space = await self._ensure_space()
        if self._settings.space_id:
            await space.enter(self.client, self._space)
        # A Matrix deployment serves one space: the association, shared with a Discord guild if configured.
        self._community = await self._inbound.community(PLATFORM, self._space, shared=True)
        await self._inbound.attach(self.gateway, READ_BACK_BUDGET)
        rooms = await self._inbound.section_channels(PLATFORM, self._community)
        state = await space.state(self.client, self._space)
        await self._repair_space(
            await self._inbound.section_channels(PLATFORM, self._community, listed_only=True), state
        )
        await self._admins.start(self._space, self._community, state)
        waiting, self._waiting_invites = self._waiting_invites, []
        for room_id, invite in waiting:
            await self._answer_invite(room_id, invite)
        # What a reaction was about matters while its meeting can still be answered: weeks, not forever.
        forgotten = await self._inbound.state.forget_older(PLATFORM, "reaction:", _REACTIONS_KEPT)
        if forgotten:
            log.info("forgot %d reaction(s) old enough not to matter", forgotten)
        log.info("matrix: ready as %s, %d section rooms in space %s", self.client.user_id, len(rooms), self._space)

    async def run(self) -> None:
        await self._start_once_reachable()
        self.ready.set()
        await self.keep_syncing()

    async def keep_syncing(self) -> None:
        """Long-poll syncs, one after another, for as long as the bot runs; a failure is logged and retried."""
        failures = 0
        while True:
            try:
                brought = await self.sync_once()
                failures = 0
                if not brought:
                    await asyncio.sleep(_AFTER_NOTHING_S)
            except asyncio.CancelledError:
                raise
            except Exception:
                failures += 1
                log.exception("Matrix sync failed (%d in a row); retrying", failures)
                await asyncio.sleep(min(60.0, 2.0**failures))

    async def _start_once_reachable(self) -> None:
        """Start, waiting out a homeserver that is down (a reboot where Synapse comes up after the bot).

        Failing here would end ``netgroups run`` and take the other platforms down with Matrix; until it
        starts, Matrix's deliveries wait in the outbox. Wrong settings still stop the bot at once.
        """
        first, longest = self._start_retry_seconds
        failures = 0
        while True:
            try:
                await self.start()
                return
            except (HomeserverUnavailable, TimeoutError, OSError, ClientConnectionError) as problem:
                failures += 1
                delay = min(longest, first * 2 ** (failures - 1))
                log.warning(
                    "Matrix homeserver %s unavailable at start (%s: %s); trying again in %.0f s",
                    self._settings.homeserver,
                    type(problem).__name__,
                    problem,
                    delay,
                )
                await asyncio.sleep(delay)

    async def close(self) -> None:
        await self.client.close()

    async def _log_in(self) -> None:
        """Log in once and keep the device: its transaction ids are what makes resends idempotent."""
        settings = self._settings
        assert settings.user_id is not None
        if settings.access_token is not None:
            token = settings.access_token.get_secret_value()
            device = settings.device_id or await self._whoami_device(token)
            self.client.restore_login(settings.user_id, device, token)
            return
        if self._session_file.exists():
            saved = json.loads(self._session_file.read_text(encoding="utf-8"))
            self.client.restore_login(settings.user_id, saved["device_id"], saved["access_token"])
            return
        if settings.password is None:
            raise StartupError("setting matrix.access_token or matrix.password is needed to log in")
        response = await self.client.login(settings.password.get_secret_value(), device_name="netgroups")
        if not isinstance(response, LoginResponse):
            raise StartupError(f"Matrix login as {settings.user_id} failed: {getattr(response, 'message', response)}")
        self._session_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self._session_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"device_id": response.device_id, "access_token": response.access_token}, handle)

    async def _whoami_device(self, token: str) -> str:
        self.client.access_token = token
        response = await self.client.whoami()
        if not isinstance(response, WhoamiResponse):
            code = getattr(response, "status_code", None)
            message = getattr(response, "message", response)
            if code in _TOKEN_REFUSED:
                raise StartupError(f"the homeserver refused setting matrix.access_token: {message}")
            raise HomeserverUnavailable(f"who am I: {message}")
        if not response.device_id:
            raise StartupError(
                "setting matrix.device_id is needed: the homeserver did not say which device the token has"
            )
        return str(response.device_id)

    async def _ensure_space(self) -> str:
        if self._settings.space_id:
            return self._settings.space_id
        stored = await self._inbound.state.get(PLATFORM, "space")
        if stored:
            return stored
        response = await within_rate_limits(
            lambda: self.client.room_create(
                space=True,
                name=self._inbound.community_name,
                visibility=RoomVisibility.private,
                preset=RoomPreset.private_chat,
            ),
            "creating the space",
        )
        if not isinstance(response, RoomCreateResponse):
            message = getattr(response, "message", response)
            if getattr(response, "status_code", None) in _TOKEN_REFUSED:
                raise StartupError(f"could not create the community's Matrix space: {message}")
            raise HomeserverUnavailable(f"creating the space: {message}")
        await self._inbound.state.put(PLATFORM, "space", response.room_id)
        return str(response.room_id)

    # --- sync ------------------------------------------------------------------------------

    async def _starting_point(self) -> None:
        """On the bot's very first start (no sync token stored yet) the first sync is done at once, before anything
        slow: what it brings was said before the bot started and is not answered, but everything from here on is —
        a command typed while the bot is still starting comes in the next sync, answered once the bot is ready.

        Events older than the start are left out of later syncs of this process too: Synapse may answer a first
        sync from its cache (for two minutes), with a starting point from before, and a room the bot joins later
        brings its history along."""
        if not await self._sync_token():
            self._history_before = self._started_ms
            await self.sync_once(timeout_ms=0)

    async def _sync_token(self) -> str:
        if self._since is None:  # read once; afterwards this process is the one that writes it
            self._since = await self._inbound.state.get(PLATFORM, "next_batch") or ""
        return self._since

    async def sync_once(self, timeout_ms: int | None = None) -> bool:
        """One sync: hand every new event to the core, then store the token that covers them; True when it brought
        something to handle."""
        since = await self._sync_token() or None
        response = await self.client.sync(
            timeout=self._sync_timeout_ms if timeout_ms is None else timeout_ms,
            since=since,
            full_state=since is None,
            sync_filter=_SYNC_FILTER,
        )
        if not isinstance(response, SyncResponse):
            message = getattr(response, "message", response)
            if since is None and getattr(response, "status_code", None) in _TOKEN_REFUSED:
                raise StartupError(f"the homeserver refused the bot's first sync: {message}")
            if since is None:
                raise HomeserverUnavailable(f"first sync: {message}")
            raise RuntimeError(f"sync failed: {message}")
        handled = False
        if since is not None:  # the first sync only sets the starting point: history is not replayed
            batch = await self._batch(response, since)
            handled = bool(batch.steps or batch.left)
            await self._handle(batch)
        for room_id, invited in response.rooms.invite.items():
            invite = next(
                (
                    event
                    for event in invited.invite_state
                    if isinstance(event, InviteMemberEvent)
                    and event.state_key == self.client.user_id
                    and event.membership == "invite"
                ),
                None,
            )
            if invite is None:
                continue
            if self._community is None:  # the first sync, at start: answered once the space and admins are known
                self._waiting_invites.append((room_id, invite))
            else:
                await self._answer_invite(room_id, invite)
        handled = handled or bool(response.rooms.invite)
        await self._keep_token(response.next_batch, since, handled=handled)
        return handled

    async def _keep_token(self, token: str, since: str | None, *, handled: bool) -> None:
        """Store the token covering what was just handled; one that covers nothing handled (an idle sync, the bot's
        own events) only now and then: each write is a commit, and a fan-out brought a sync per event the bot sent."""
        if token == since:
            return
        now = time.monotonic()
        if handled or since is None or now - self._token_stored_at >= _QUIET_TOKEN_EVERY_S:
            await self._inbound.state.put(PLATFORM, "next_batch", token)
            self._token_stored_at = now
        self._since = token

    async def _batch(self, response: SyncResponse, since: str) -> _SyncBatch:
        batch = _SyncBatch()
        reactions: dict[str, str] = {}
        for room_id, room in response.rooms.join.items():
            gap = await self._gap(room_id, room.timeline.prev_batch, since) if room.timeline.limited else []
            for event in [*gap, *room.timeline.events]:
                sender = getattr(event, "sender", None)
                if sender is None or sender == self.client.user_id or self._is_history(event):
                    continue
                if isinstance(event, RoomMemberEvent):
                    self._room_members.pop(room_id, None)  # someone came or went: look again when it matters
                    if event.membership == "leave" and event.state_key == sender:
                        batch.left.append((room_id, sender))
                elif isinstance(event, RoomMessageText) and event.body.startswith(self._settings.prefix):
                    batch.command(room_id, event)
                elif isinstance(event, ReactionEvent):
                    # A redaction names only the reaction's event: what it was about is kept (pruned after a while).
                    reactions[f"reaction:{event.event_id}"] = json.dumps([event.reacts_to, event.key, sender])
                    self.gateway.saw_reaction(event.reacts_to)
                    batch.reaction(self._change(room_id, event.reacts_to, event.key, sender, added=True))
                elif isinstance(event, RedactionEvent):
                    removed = reactions.get(f"reaction:{event.redacts}") or await self._inbound.state.get(
                        PLATFORM, f"reaction:{event.redacts}"
                    )
                    call, key, reactor = json.loads(removed) if removed else ("", "", "")
                    if call and reactor == sender:  # a moderator's removal is no one's answer
                        batch.reaction(self._change(room_id, call, key, sender, added=False))
        if reactions:
            await self._inbound.state.put_many(PLATFORM, reactions)  # one commit for the sync's reactions
        return batch

    def _is_history(self, event: Any) -> bool:
        """From before the bot's first start: not a command or an answer for it."""
        timestamp = getattr(event, "server_timestamp", None)
        return self._history_before is not None and isinstance(timestamp, int) and timestamp < self._history_before

    async def _gap(self, room_id: str, prev_batch: str | None, since: str) -> list[Any]:
        """The events a sync left out of a busy room's timeline (it says ``limited``): paged back from the
        timeline's start to where the last sync ended, oldest first. A burst of reactions must all count."""
        events: list[Any] = []
        start = prev_batch
        while start:
            page = await self.client.room_messages(
                room_id, start=start, end=since, direction=MessageDirection.back, limit=_GAP_PAGE
            )
            if not isinstance(page, RoomMessagesResponse):
                log.warning("could not read the events missed in %s: %s", room_id, getattr(page, "message", page))
                break
            events.extend(page.chunk)
            if not page.chunk or page.end == start:
                break
            start = page.end
        log.info("read %d event(s) a sync left out in %s", len(events), room_id)
        return list(reversed(events))

    async def _handle(self, batch: _SyncBatch) -> None:
        assert self._community is not None
        for room_id, user in batch.left:
            if await self._inbound.left_direct(PLATFORM, self._community, user, room_id):
                # Their direct room: the bot leaves it too; the next private answer opens a new one.
                await within_rate_limits(functools.partial(self.client.room_leave, room_id), f"leaving {room_id}")
        for step in batch.steps:
            try:
                if isinstance(step, list):
                    await self._inbound.reactions(PLATFORM, self._community, step)
                else:
                    await self._command(*step)
            except Exception:
                log.exception(
                    "handling Matrix events failed (%s)", "reactions" if isinstance(step, list) else step[1].event_id
                )

    # --- invitations --------------------------------------------------------------------------

    async def _answer_invite(self, room_id: str, invite: InviteMemberEvent) -> None:
        """Join the community's space and its section rooms, a direct chat (how members reach the bot), and any room
        a community admin or a coordinator asks it into; decline the rest, with a line in the log."""
        inviter = invite.sender
        if await self._invite_welcome(room_id, invite):
            await within_rate_limits(functools.partial(self.client.join, room_id), f"joining {room_id}")
            return
        log.warning(
            "declined the invitation of %s to %s: not the community's space or a section room, not a direct chat, "
            "and %s is neither a community admin nor a coordinator",
            inviter,
            room_id,
            inviter,
        )
        await within_rate_limits(functools.partial(self.client.room_leave, room_id), f"declining {room_id}")

    async def _invite_welcome(self, room_id: str, invite: InviteMemberEvent) -> bool:
        assert self._community is not None
        if room_id == self._space or invite.content.get("is_direct") is True:
            return True
        if await self._admins.is_admin(invite.sender):
            return True
        return await self._inbound.may_invite(PLATFORM, self._community, invite.sender, room_id)

    # --- commands ----------------------------------------------------------------------------

    async def _command(self, room_id: str, event: RoomMessageText) -> None:
        assert self._community is not None
        invocation = Invocation(
            PLATFORM,
            self._community,
            await self._speaker(room_id, event.sender),
            event.body,
            channel=room_id,
            prefix=self._settings.prefix,
            direct=await self._is_direct(room_id, event.sender),
        )
        # Matrix has no replies only one person sees: the core posts the answer, privately where it is private.
        await self._inbound.answer_in_chat(invocation, event=event.event_id)

    async def _speaker(self, room_id: str, user_id: str) -> Speaker:
        room = self.client.rooms.get(room_id)
        name = room.user_name(user_id) if room is not None else None
        if name is None:
            name = await self.gateway.display_name(user_id)
        return Speaker(user_id, name, await self._admins.is_admin(user_id))

    async def _is_direct(self, room_id: str, user_id: str) -> bool:
        """A room of just this person and the bot (whoever opened it): what the bot says there stays between them."""
        members = self._room_members.get(room_id)
        if members is None:
            joined = await self.client.joined_members(room_id)
            if not isinstance(joined, JoinedMembersResponse):
                return False
            members = frozenset(person.user_id for person in joined.members)
            self._room_members[room_id] = members
        return members == {self.client.user_id, user_id}

    # --- reactions ----------------------------------------------------------------------------

    def _change(self, room_id: str, call: str, key: str, sender: str, *, added: bool) -> ReactionChange:
        room = self.client.rooms.get(room_id)
        # The name as the room shows it (from sync, no request); unknown, the core asks the homeserver if it
        # needs one (someone first seen).
        name = room.user_name(sender) if room is not None else None
        return ReactionChange(call, Speaker(sender, name), key, added)

    # --- rooms --------------------------------------------------------------------------------

    async def _repair_space(self, rooms: list[str], state: space.Events) -> None:
        """Put back in the space each section room that is missing there (a refused request, a manual edit)."""
        if not state:
            return
        children = space.children(state)
        for room in rooms:
            if room not in children:
                log.info("adding the section room %s to the space again", room)
                try:
                    await self.gateway.add_to_space(self._space, room)
                except DeliveryError as problem:  # e.g. no power to list rooms in a space someone else made
                    log.warning("could not add the section room %s to the space: %s", room, problem)
