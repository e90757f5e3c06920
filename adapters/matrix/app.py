"""The Matrix adapter: one matrix-nio client driving the core.

Community = a space; a section = a room in it, created when the section opens, and members are
invited when they join. Commands start with ``!`` (Element keeps ``/``); reactions on meeting
calls are RSVPs. The sync token is stored only after the events it covers were handled, so a
restart neither loses nor repeats a command (replies carry a transaction id of their own too).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from aiohttp import ClientConnectionError
from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteMemberEvent,
    LoginResponse,
    ReactionEvent,
    RedactionEvent,
    RoomCreateResponse,
    RoomGetStateResponse,
    RoomMessageText,
    RoomPreset,
    RoomVisibility,
    SyncResponse,
    WhoamiResponse,
)

from adapters.matrix.gateway import PLATFORM, MatrixGateway, raise_for, within_rate_limits
from adapters.matrix.render import notice
from bot.bootstrap import Core
from bot.commands.context import CommandContext
from bot.commands.dispatcher import dispatch
from bot.commands.grammar import parse
from bot.delivery.read_back import ReadBackBudget
from bot.domain.models import Community, Member
from bot.errors import StartupError, UserError
from bot.events import Event, MembershipChanged, SectionActivated
from bot.ports import DeliveryError
from bot.replies import error
from bot.services.communities import CENTRAL_SLUG
from bot.settings import MatrixSettings

log = logging.getLogger(__name__)

_SYNC_TIMEOUT_MS = 30_000
_ADMIN_POWER = 50
_ADMIN_CACHE_SECONDS = 60.0
#: Errors that say the access token itself is refused: waiting will not help, the settings must change.
_TOKEN_REFUSED = frozenset({"M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_FORBIDDEN", "M_USER_DEACTIVATED"})


class HomeserverUnavailable(Exception):
    """The homeserver could not be reached or answered with a server error: worth trying again later."""


#: One page of relations per call. Synapse's rc_message does not count reads, but the homeserver is
#: often small and shared: a few requests a second is enough to read a week of calls in minutes.
READ_BACK_BUDGET = ReadBackBudget(requests_per_second=5.0, requests_per_call=1)


class MatrixAdapter:
    def __init__(
        self,
        core: Core,
        settings: MatrixSettings,
        data_dir: Path,
        *,
        sync_timeout_ms: int = _SYNC_TIMEOUT_MS,
        start_retry_seconds: tuple[float, float] = (2.0, 300.0),
    ) -> None:
        assert settings.homeserver is not None
        assert settings.user_id is not None
        self._core = core
        self._settings = settings
        self._session_file = data_dir / "matrix-session.json"
        self._sync_timeout_ms = sync_timeout_ms
        self._start_retry_seconds = start_retry_seconds
        # No waiting inside nio on a rate limit (it would wait any delay, forever by default): see
        # within_rate_limits, which waits short delays a few times and otherwise gives up.
        config = AsyncClientConfig(
            max_limit_exceeded=0, max_timeouts=3, encryption_enabled=False, store_sync_tokens=False
        )
        self.client = AsyncClient(settings.homeserver, settings.user_id, config=config)
        self.gateway = MatrixGateway(self.client, core.services, self._section_room, self._direct_room, settings.prefix)
        self.ready = asyncio.Event()
        self._community: Community | None = None
        self._space = ""
        self._admin_cache: tuple[float, set[str]] = (0.0, set())
        core.bus.subscribe(self._on_core_event)

    # --- start ---------------------------------------------------------------------------

    async def start(self) -> None:
        await self._log_in()
        self._space = await self._ensure_space()
        community = self._core.settings.community
        # A Matrix deployment serves one space: the association, shared with a Discord guild if configured.
        self._community = await self._core.services.communities.ensure_community(
            PLATFORM,
            self._space,
            name=community.name,
            timezone=community.timezone,
            locale=community.locale,
            shared=True,
        )
        rooms = [
            await self._section_room(section.id)
            for section, _ in await self._core.services.sections.overview(self._community, include_proposed=False)
        ]
        await self._repair_space(rooms)
        self._core.add_gateway(self.gateway, self._resolve_account, READ_BACK_BUDGET)
        await self._core.prepare_delivery()

    async def run(self) -> None:
        await self._start_once_reachable()
        self.ready.set()
        failures = 0
        while True:
            try:
                await self.sync_once()
                failures = 0
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
        stored = await self._core.platform_state.get(PLATFORM, "space")
        if stored:
            return stored
        response = await within_rate_limits(
            lambda: self.client.room_create(
                space=True,
                name=self._core.settings.community.name,
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
        await self._core.platform_state.put(PLATFORM, "space", response.room_id)
        return str(response.room_id)

    # --- sync ------------------------------------------------------------------------------

    async def sync_once(self, timeout_ms: int | None = None) -> None:
        """One sync: handle every new event, then store the token that covers them."""
        since = await self._core.platform_state.get(PLATFORM, "next_batch")
        response = await self.client.sync(
            timeout=self._sync_timeout_ms if timeout_ms is None else timeout_ms, since=since, full_state=since is None
        )
        if not isinstance(response, SyncResponse):
            raise RuntimeError(f"sync failed: {getattr(response, 'message', response)}")
        await self._retry_pending()
        if since is not None:  # the first sync only sets the starting point: history is not replayed
            for room_id, room in response.rooms.join.items():
                for event in room.timeline.events:
                    await self._handle(room_id, event)
        for room_id, invited in response.rooms.invite.items():
            if any(
                isinstance(event, InviteMemberEvent) and event.state_key == self.client.user_id
                for event in invited.invite_state
            ):
                await within_rate_limits(functools.partial(self.client.join, room_id), f"joining {room_id}")
        await self._core.platform_state.put(PLATFORM, "next_batch", response.next_batch)

    async def _handle(self, room_id: str, event: Any) -> None:
        sender = getattr(event, "sender", None)
        if sender is None or sender == self.client.user_id:
            return
        try:
            if isinstance(event, RoomMessageText) and event.body.startswith(self._settings.prefix):
                await self._command(room_id, event)
            elif isinstance(event, ReactionEvent):
                await self._reaction(event.reacts_to, event.key, sender, added=True, reaction_id=event.event_id)
            elif isinstance(event, RedactionEvent):
                await self._redaction(event.redacts, sender)
        except Exception:
            log.exception("handling Matrix event %s in %s failed", getattr(event, "event_id", "?"), room_id)

    # --- commands ----------------------------------------------------------------------------

    async def _command(self, room_id: str, event: RoomMessageText) -> None:
        assert self._community is not None
        member = await self._member(event.sender)
        section = await self._core.services.sections.by_channel(PLATFORM, room_id)
        if section is None:
            await self._remember_direct_room(member, event.sender, room_id)
        ctx = CommandContext(
            services=self._core.services,
            community=self._community,
            member=member,
            platform=PLATFORM,
            channel_section=section.slug if section else None,
            prefix=self._settings.prefix,
            channel_ref=room_id,
        )
        try:
            answer = await dispatch(ctx, parse(ctx.services.registry, event.body, self._settings.prefix))
        except UserError as refusal:
            answer = error(refusal.key, **refusal.args_)
        content = notice(ctx.services.translator, ctx.locale, answer, prefix=self._settings.prefix)
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": event.event_id}}
        # One reply per command even if this sync batch is handled again after a crash.
        txn = "reply-" + hashlib.sha256(event.event_id.encode()).hexdigest()[:32]
        await self._do({"do": "reply", "room": room_id, "txn": txn, "content": content})

    async def _member(self, user_id: str) -> Member:
        assert self._community is not None
        name = await self.gateway.display_name(user_id)
        member = await self._core.services.communities.ensure_member(
            self._community, PLATFORM, user_id, display_name=name, admin=await self._is_admin(user_id)
        )
        await self._welcome(member, user_id)
        return member

    async def _welcome(self, member: Member, user_id: str) -> None:
        """Once per member: invitations to the space and to the central group's room. Everyone is in the central
        group from their first command or reaction on; its room is where the community's announcements go."""
        assert self._community is not None
        key = f"welcomed:{member.id}"
        if await self._core.platform_state.get(PLATFORM, key) is not None:
            return
        await self._core.platform_state.put(PLATFORM, key, "1")
        central = await self._core.services.sections.get(self._community, CENTRAL_SLUG)
        await self._do({"do": "invite", "room": self._space, "user": user_id})
        await self._do({"do": "invite", "section": central.id, "user": user_id})

    async def _is_admin(self, user_id: str) -> bool:
        """Configured admins, power level 50 or more in the space, or its creators (room v12)."""
        if user_id in self._settings.admins:
            return True
        fetched_at, admins = self._admin_cache
        if time.monotonic() - fetched_at > _ADMIN_CACHE_SECONDS:
            admins = await self._space_admins()
            self._admin_cache = (time.monotonic(), admins)
        return user_id in admins

    async def _space_admins(self) -> set[str]:
        admins: set[str] = set()
        levels = await self.client.room_get_state_event(self._space, "m.room.power_levels")
        for user, level in getattr(levels, "content", {}).get("users", {}).items():
            if isinstance(level, int) and level >= _ADMIN_POWER:
                admins.add(user)
        create = await self.client.room_get_state_event(self._space, "m.room.create")
        content = getattr(create, "content", {})
        admins.update(content.get("additional_creators", []))
        creator = content.get("creator")  # before room v11 the creator is named in the content
        if creator:
            admins.add(creator)
        return admins - {self.client.user_id}

    async def _resolve_account(self, community_id: int, user: str) -> Member | None:
        found = await self._core.services.communities.member_by_account(community_id, PLATFORM, user)
        return found if found is not None else await self._member(user)

    # --- reactions ----------------------------------------------------------------------------

    async def _reaction(self, call_event: str, key: str, sender: str, *, added: bool, reaction_id: str) -> None:
        if added:
            # A redaction names only the reaction's event: remember what it was about.
            await self._core.platform_state.put(
                PLATFORM, f"reaction:{reaction_id}", json.dumps({"call": call_event, "key": key, "sender": sender})
            )
        member = await self._member(sender)
        await self._core.services.rsvps.on_reaction(PLATFORM, call_event, member, key, added=added)

    async def _redaction(self, redacted: str, sender: str) -> None:
        stored = await self._core.platform_state.get(PLATFORM, f"reaction:{redacted}")
        if stored is None:
            return
        reaction = json.loads(stored)
        if reaction["sender"] != sender:
            return  # a moderator removing someone's reaction is not that person's answer
        member = await self._member(sender)
        await self._core.services.rsvps.on_reaction(PLATFORM, reaction["call"], member, reaction["key"], added=False)

    # --- rooms --------------------------------------------------------------------------------

    async def _section_room(self, section_id: int) -> str:
        bound = await self._core.services.sections.binding(section_id, PLATFORM)
        if bound is not None:
            return bound[0]
        section = await self._core.services.sections.by_id(section_id)
        server = self.client.user_id.split(":", 1)[1]
        response = await within_rate_limits(
            lambda: self.client.room_create(
                name=section.name if not section.kind.is_builtin else section.slug,
                topic=section.purpose or section.description or None,
                preset=RoomPreset.private_chat,
                initial_state=[
                    {
                        "type": "m.space.parent",
                        "state_key": self._space,
                        "content": {"via": [server], "canonical": True},
                    }
                ],
            ),
            f"creating the room of {section.slug}",
        )
        if not isinstance(response, RoomCreateResponse):
            raise_for(response, f"creating the room of {section.slug}")
            raise DeliveryError(f"creating the room of {section.slug}: unexpected answer {response}")
        room = str(response.room_id)
        await self._core.services.sections.bind_channel(section, PLATFORM, room)
        try:
            await self._add_to_space(room)
        except DeliveryError as problem:  # the room works without it; the next start adds it
            log.warning("room %s of %s is not in the space yet: %s", room, section.slug, problem)
        return room

    async def _repair_space(self, rooms: list[str]) -> None:
        """Put back in the space each section room that is missing there (a refused request, a manual edit)."""
        state = await self.client.room_get_state(self._space)
        if not isinstance(state, RoomGetStateResponse):
            log.warning("could not read the space's rooms: %s", getattr(state, "message", state))
            return
        children = {
            event.get("state_key")
            for event in state.events
            if event.get("type") == "m.space.child" and event.get("content", {}).get("via")
        }
        for room in rooms:
            if room not in children:
                log.info("adding the section room %s to the space again", room)
                await self._add_to_space(room)

    async def _add_to_space(self, room: str) -> None:
        server = self.client.user_id.split(":", 1)[1]
        added = await within_rate_limits(
            lambda: self.client.room_put_state(self._space, "m.space.child", {"via": [server]}, state_key=room),
            f"adding {room} to the space",
        )
        raise_for(added, f"adding {room} to the space")

    async def _remember_direct_room(self, member: Member, user_id: str, room_id: str) -> None:
        """A member writing to the bot in a room of just the two of them: their direct messages go there, rather
        than to a second direct room the bot would open."""
        key = f"dm:{member.id}"
        if await self._core.platform_state.get(PLATFORM, key) is not None:
            return
        joined = await self.client.joined_members(room_id)
        if {person.user_id for person in getattr(joined, "members", [])} == {self.client.user_id, user_id}:
            await self._core.platform_state.put(PLATFORM, key, room_id)

    async def _direct_room(self, member_id: int) -> str:
        stored = await self._core.platform_state.get(PLATFORM, f"dm:{member_id}")
        if stored:
            return stored
        account = await self._core.services.communities.account_of(member_id, PLATFORM)
        if account is None:
            raise UserError("error-unknown-member", member=str(member_id))
        response = await within_rate_limits(
            lambda: self.client.room_create(is_direct=True, invite=[account], preset=RoomPreset.trusted_private_chat),
            "opening a direct room",
        )
        if not isinstance(response, RoomCreateResponse):
            raise_for(response, "opening a direct room")
            raise DeliveryError(f"opening a direct room: unexpected answer {response}")
        await self._core.platform_state.put(PLATFORM, f"dm:{member_id}", response.room_id)
        return str(response.room_id)

    async def _on_core_event(self, event: Event) -> None:
        if not isinstance(event, (SectionActivated, MembershipChanged)):
            return
        if self._community is None or event.community_id != self._community.id:
            return
        if isinstance(event, SectionActivated):
            try:
                await self._section_room(event.section_id)
            except DeliveryError as problem:  # made when first needed: a delivery, an invitation, the next start
                log.warning("the room of section %s is not created yet: %s", event.section_id, problem)
        elif isinstance(event, MembershipChanged) and event.joined:
            account = await self._core.services.communities.account_of(event.member_id, PLATFORM)
            if account is not None:
                await self._do({"do": "invite", "section": event.section_id, "user": account})

    # --- requests that must not be lost ---------------------------------------------------------------

    async def _do(self, request: dict[str, Any]) -> None:
        """Make a request (an invitation, a reply); one the homeserver refuses for now (rate limited, out of
        reach) is kept in platform state and made again at the next sync, even after a restart."""
        if not await self._attempt(request):
            pending = await self._pending()
            if request not in pending:
                await self._save_pending([*pending, request])

    async def _retry_pending(self) -> None:
        pending = await self._pending()
        if pending:
            await self._save_pending([request for request in pending if not await self._attempt(request)])

    async def _attempt(self, request: dict[str, Any]) -> bool:
        """True when done, or refused for good (logged); False to try again later."""
        what = " ".join(str(request[key]) for key in ("do", "user", "room", "section") if key in request)
        try:
            if request["do"] == "invite":
                room = request.get("room") or await self._section_room(int(request["section"]))
                response = await within_rate_limits(
                    lambda: self.client.room_invite(room, request["user"]), what, waits=self.gateway.rate_limit_waits
                )
            else:
                response = await within_rate_limits(
                    lambda: self.client.room_send(
                        request["room"],
                        "m.room.message",
                        request["content"],
                        tx_id=request["txn"],
                        ignore_unverified_devices=True,
                    ),
                    what,
                    waits=self.gateway.rate_limit_waits,
                )
            raise_for(response, what)
        except DeliveryError as problem:
            if problem.permanent:
                # E.g. inviting someone who is in the room already: nothing to do.
                log.warning("%s refused: %s", what, problem)
                return True
            log.warning("%s will be tried again at the next sync: %s", what, problem)
            return False
        except (TimeoutError, OSError) as problem:
            log.warning("%s will be tried again at the next sync: %s", what, type(problem).__name__)
            return False
        return True

    async def _pending(self) -> list[dict[str, Any]]:
        stored = await self._core.platform_state.get(PLATFORM, "pending")
        return list(json.loads(stored)) if stored else []

    async def _save_pending(self, pending: list[dict[str, Any]]) -> None:
        await self._core.platform_state.put(PLATFORM, "pending", json.dumps(pending))
