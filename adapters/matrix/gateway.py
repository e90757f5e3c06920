"""The ChatGateway port on Matrix, through matrix-nio.

Sends use a transaction id derived from the outbox row on a device that never changes, so a
send repeated after a crash is one event (Synapse remembers transaction ids for about a day).
nio returns error objects instead of raising: they become DeliveryError here.

Rate limits: nio's own retrying is off (it would wait any delay, any number of times). A
refusal is waited out here a few times when its delay is short; beyond that the send fails
with the delay, and the delivery goes back to the outbox until then — the bot never hangs.
Sends to different rooms go side by side (``max_in_flight``), as many at once as the homeserver's
answers allow (``Pace``).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import io
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

from aiohttp import ClientConnectionError
from nio import (
    AsyncClient,
    MessageDirection,
    RoomCreateResponse,
    RoomGetStateResponse,
    RoomMessagesResponse,
    RoomPreset,
    RoomPutStateResponse,
    RoomSendError,
    RoomSendResponse,
    UploadResponse,
)
from nio.api import RelationshipType  # not exported from nio itself

from adapters.matrix import privacy
from adapters.matrix.pace import MOST_IN_FLIGHT, Pace
from adapters.matrix.power import Changes, RoomPower
from adapters.matrix.render import MARKER_KEY, SEEDS_KEY, notice, replacement
from bot.i18n import Translator
from bot.ports import ChannelBinding, DeliveryError, Destination, Post, ReactionSnapshot, SectionPlace, SentMessage
from bot.replies import Attachment

log = logging.getLogger(__name__)

PLATFORM = "matrix"
#: How far back (in events) a send lost in a crash is looked for: a page of 100, a few pages.
_HISTORY_PAGE = 100
_HISTORY_PAGES = 5
#: How many times a rate limit is waited out in place, and the longest delay that is.
RATE_LIMIT_WAITS = 3
LONGEST_WAIT_SECONDS = 30.0

T = TypeVar("T")


def raise_for(response: object, what: str) -> None:
    """nio answers errors with objects; a rate limit carries how long to wait."""
    if isinstance(response, RoomSendError) or type(response).__name__.endswith("Error"):
        status = getattr(response, "status_code", None)
        retry_after_ms = getattr(response, "retry_after_ms", None)
        message = getattr(response, "message", str(response))
        if status == "M_LIMIT_EXCEEDED":
            raise DeliveryError(f"{what}: rate limited", retry_after=(retry_after_ms or 1000) / 1000)
        permanent = status in ("M_FORBIDDEN", "M_NOT_FOUND", "M_UNKNOWN_TOKEN", "M_BAD_JSON")
        raise DeliveryError(f"{what}: {status} {message}", permanent=permanent)


@contextlib.contextmanager
def reaching_homeserver() -> Iterator[None]:
    """What nio lets through when the homeserver cannot be reached (after its own few retries) becomes a
    DeliveryError to try again later: a homeserver that is down is expected, not a bug."""
    try:
        yield
    except (TimeoutError, OSError, ClientConnectionError) as problem:
        raise DeliveryError(f"homeserver unreachable: {type(problem).__name__}") from None


async def within_rate_limits(request: Callable[[], Awaitable[T]], what: str, *, waits: int = RATE_LIMIT_WAITS) -> T:
    """``request()``, repeated after the delay a rate limit names, at most ``waits`` times and only for short
    delays; the last answer (maybe still the refusal) is returned."""
    attempt = 0
    while True:
        response = await request()
        if getattr(response, "status_code", None) != "M_LIMIT_EXCEEDED" or attempt >= waits:
            return response
        delay = (getattr(response, "retry_after_ms", None) or 1000) / 1000
        if delay > LONGEST_WAIT_SECONDS:
            return response
        attempt += 1
        log.info("%s: rate limited; waiting %.1f s (%d of %d)", what, delay, attempt, waits)
        await asyncio.sleep(delay)


def seed_txn(event_id: str, emoji: str) -> str:
    """The transaction id of the bot's own reaction ``emoji`` under ``event_id``: the same wherever it is sent
    from (the first send, or completing the seeds of a message found again after a crash)."""
    return "seed-" + hashlib.sha256(f"{event_id}\0{emoji}".encode()).hexdigest()[:32]


#: How long a reaction seen on an event is remembered for ``may_have_missed_reactions``: far longer than a send
#: takes to be recorded.
_REACTIONS_SEEN_S = 600.0


class MatrixGateway:
    platform = PLATFORM
    #: Deliveries to different rooms the worker may have on their way at once (the pace decides how many
    #: requests actually are).
    max_in_flight = MOST_IN_FLIGHT

    def __init__(
        self,
        client: AsyncClient,
        translator: Translator,
        prefix: str,
        *,
        seed_reactions: bool = True,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._power_changes: dict[str, asyncio.Lock] = {}
        #: Whether meeting calls get their answers as reactions under them (setting ``matrix.seed_reactions``).
        self.seed_reactions = seed_reactions
        self._translator = translator
        self._prefix = prefix
        self._monotonic = monotonic
        #: How many rate limits one request waits out before its delivery goes back to the outbox.
        self.rate_limit_waits = RATE_LIMIT_WAITS
        self.pace = Pace()
        #: Events someone else reacted to (event id -> when seen in a sync), for ``may_have_missed_reactions``.
        self._reacted_to: dict[str, float] = {}

    @property
    def follows_up_later(self) -> bool:
        """A call's seed reactions go after every call waiting to be posted (``follow_up``): in a fan-out the
        homeserver's pace is what the last call waits for, and with its seeds each call would be four events."""
        return self.seed_reactions

    def saw_reaction(self, event_id: str) -> None:
        """Someone reacted to ``event_id`` (the adapter tells, before the core handles the reaction)."""
        now = self._monotonic()
        self._reacted_to[event_id] = now
        if len(self._reacted_to) > 10_000:  # a burst of answers: forget what is long past
            self._reacted_to = {event: at for event, at in self._reacted_to.items() if now - at < _REACTIONS_SEEN_S}

    def may_have_missed_reactions(self, message: SentMessage) -> bool:
        """Whether a reaction to ``message``, just posted by this process, may have come before its id was recorded
        (the core then found no call to count it on): only if a sync of this process brought one. Every reaction
        reaches the bot through its sync, so without one there is nothing to read back."""
        seen = self._reacted_to.get(message.message)
        return seen is not None and self._monotonic() - seen < _REACTIONS_SEEN_S

    def _content(self, post: Post) -> dict[str, Any]:
        return notice(self._translator, post.locale, post.content, prefix=self._prefix, marker=post.marker)

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        room = destination.channel
        content = self._content(post)
        seeds = post.reactions if self.seed_reactions else ()
        if seeds:
            # Named in the message, so that a send cut short after the message can be completed later.
            content[SEEDS_KEY] = list(seeds)
        if post.reply_to is not None:
            content["m.relates_to"] = {"m.in_reply_to": {"event_id": post.reply_to}}
        # Files first: a send cut short after the message is found again by its marker and not repeated, so
        # whatever must go with it goes before it (a file sent again keeps its transaction id: one event).
        for number, attachment in enumerate(post.content.attachments):
            await self._send_file(room, attachment, f"{idempotency_key}-file{number}")
        event_id = await self._send(room, "m.room.message", content, idempotency_key)
        return SentMessage(room, event_id)

    async def follow_up(self, sent: SentMessage, reactions: tuple[str, ...], *, resumed: bool = False) -> None:
        """The call's seed reactions, in order (Element shows tied reactions in the order they came), each
        when no other send waits for the homeserver; ``resumed``: those not there yet."""
        if not self.seed_reactions:
            return
        with reaching_homeserver():
            if resumed:
                there = await self._own_annotations(sent.channel, sent.message)
                reactions = tuple(emoji for emoji in reactions if emoji not in there)
            await self._seed(sent.channel, sent.message, reactions, later=True)

    async def _send_file(self, room: str, attachment: Attachment, txn: str) -> None:
        """Upload a file to the homeserver's content repository, then post it as an ``m.file`` message."""
        data = attachment.data

        async def upload() -> object:
            response, _keys = await self._client.upload(
                lambda *_: io.BytesIO(data),
                content_type=attachment.media_type,
                filename=attachment.filename,
                filesize=len(data),
            )
            return response

        with reaching_homeserver():
            uploaded = await within_rate_limits(upload, f"uploading {attachment.filename}", waits=self.rate_limit_waits)
        if not isinstance(uploaded, UploadResponse):
            raise_for(uploaded, "uploading a file")
            raise DeliveryError(f"uploading a file: unexpected answer {type(uploaded).__name__}")
        info: dict[str, object] = {"mimetype": attachment.media_type, "size": len(data)}
        size = _png_size(data) if attachment.media_type == "image/png" else None
        if size:
            info["w"], info["h"] = size
        content = {
            "msgtype": "m.image" if size else "m.file",
            "body": attachment.filename,
            "filename": attachment.filename,
            "url": uploaded.content_uri,
            "info": info,
        }
        await self._send(room, "m.room.message", content, txn)

    async def _seed(
        self, room: str, event_id: str, emojis: tuple[str, ...] | list[str], *, later: bool = False
    ) -> None:
        for emoji in emojis:
            reaction = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": emoji}}
            await self._send(room, "m.reaction", reaction, seed_txn(event_id, emoji), later=later)

    async def edit(self, message: SentMessage, post: Post) -> None:
        await self._send(message.channel, "m.room.message", replacement(message.message, self._content(post)), None)

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        """The message with ``marker`` in the room's recent history; its seed reactions are completed (a send
        can be cut short between the message and its reactions by a crash or a rate limit)."""
        with reaching_homeserver():
            return await self._find_sent(destination, marker, since)

    async def _find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        room = destination.channel
        start: str | None = None
        for _ in range(_HISTORY_PAGES):
            response = await self._client.room_messages(
                room, start=start, direction=MessageDirection.back, limit=_HISTORY_PAGE
            )
            if not isinstance(response, RoomMessagesResponse):
                raise_for(response, "reading history")
                return None
            for event in response.chunk:
                source: dict[str, Any] = getattr(event, "source", {})
                content = source.get("content", {})
                if source.get("sender") == self._client.user_id and content.get(MARKER_KEY) == marker:
                    event_id = str(source["event_id"])
                    seeded = await self._own_annotations(room, event_id)
                    await self._seed(room, event_id, [e for e in content.get(SEEDS_KEY, []) if e not in seeded])
                    return SentMessage(room, event_id)
                timestamp = source.get("origin_server_ts")
                if isinstance(timestamp, int) and timestamp < since.timestamp() * 1000:
                    return None  # older than anything this delivery could have sent
            if not response.chunk or not response.end:
                return None
            start = response.end
        return None

    async def _own_annotations(self, room: str, event_id: str) -> set[str]:
        keys: set[str] = set()
        async for event in self._client.room_get_event_relations(room, event_id, rel_type=RelationshipType.annotation):
            source: dict[str, Any] = getattr(event, "source", {})
            if source.get("sender") == self._client.user_id:
                keys.add(source.get("content", {}).get("m.relates_to", {}).get("key", ""))
        return keys

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        found: dict[str, set[str]] = {}
        async for event in self._client.room_get_event_relations(
            message.channel, message.message, rel_type=RelationshipType.annotation
        ):
            source: dict[str, Any] = getattr(event, "source", {})
            key = source.get("content", {}).get("m.relates_to", {}).get("key")
            sender = source.get("sender")
            if key and sender and sender != self._client.user_id:
                found.setdefault(key, set()).add(sender)
        return ReactionSnapshot({key: frozenset(users) for key, users in found.items()})

    async def display_name(self, user: str) -> str:
        response = await self._client.get_displayname(user)
        return getattr(response, "displayname", None) or user.split(":", maxsplit=1)[0].lstrip("@")

    async def open_section_channel(self, place: SectionPlace) -> ChannelBinding:
        """A private room in the community's space, named after the section (a sensitive section's: see privacy.py)."""
        server = self._client.user_id.split(":", 1)[1]
        parent = {
            "type": "m.space.parent",
            "state_key": place.community,
            "content": {"via": [server], "canonical": True},
        }
        with reaching_homeserver():
            response = await within_rate_limits(
                lambda: self._client.room_create(
                    name=place.slug if place.builtin else place.name,
                    topic=place.topic,
                    preset=RoomPreset.private_chat,
                    initial_state=[parent, *privacy.initial_state(place.sensitive)],
                ),
                f"creating the room of {place.slug}",
            )
        if not isinstance(response, RoomCreateResponse):
            raise_for(response, f"creating the room of {place.slug}")
            raise DeliveryError(f"creating the room of {place.slug}: unexpected answer {response}")
        room = str(response.room_id)
        if place.sensitive:
            return ChannelBinding(room)  # listed nowhere: its members are invited
        try:
            await self.add_to_space(place.community, room)
        except DeliveryError as problem:  # the room works without it; the next start adds it
            log.warning("room %s of %s is not in the space yet: %s", room, place.slug, problem)
        return ChannelBinding(room)

    async def add_to_space(self, space: str, room: str) -> None:
        server = self._client.user_id.split(":", 1)[1]
        with reaching_homeserver():
            added = await within_rate_limits(
                lambda: self._client.room_put_state(space, "m.space.child", {"via": [server]}, state_key=room),
                f"adding {room} to the space",
            )
        raise_for(added, f"adding {room} to the space")

    async def open_direct(self, user: str, name: str) -> str:
        """A direct room with ``user``, listed in the bot's ``m.direct`` so that clients show it as one."""
        with reaching_homeserver():
            response = await within_rate_limits(
                lambda: self._client.room_create(is_direct=True, invite=[user], preset=RoomPreset.trusted_private_chat),
                "opening a direct room",
                waits=self.rate_limit_waits,
            )
        if not isinstance(response, RoomCreateResponse):
            raise_for(response, "opening a direct room")
            raise DeliveryError(f"opening a direct room: unexpected answer {response}")
        room = str(response.room_id)
        try:
            await self._list_as_direct(user, room)
        except (DeliveryError, TimeoutError, OSError, ClientConnectionError) as problem:
            log.warning("direct room %s works, but is not in m.direct: %s", room, problem)
        return room

    async def _list_as_direct(self, user: str, room: str) -> None:
        path = f"/_matrix/client/v3/user/{quote(self._client.user_id)}/account_data/m.direct"
        headers = {"Authorization": f"Bearer {self._client.access_token}"}
        async with await self._client.send("GET", path, headers=headers) as response:
            listed: dict[str, list[str]] = await response.json() if response.status == 200 else {}
        listed[user] = [*listed.get(user, []), room]
        async with await self._client.send("PUT", path, json.dumps(listed), headers=headers) as response:
            if response.status != 200:
                raise DeliveryError(f"m.direct refused: {response.status}")

    async def add_to_community(self, community: str, user: str) -> None:
        await self._invite(community, user)

    async def set_section_access(
        self, community: str, section: ChannelBinding, user: str, *, member: bool, private: bool = False
    ) -> None:
        """Invite to the section's room; someone who leaves a section keeps what the room showed them so far, but
        not their place in a private room (a sensitive section's): they are removed, or their invitation withdrawn."""
        if member:
            await self._invite(section.channel, user)
        elif private:
            await self._remove(section.channel, user)

    async def set_coordinator(self, community: str, section: ChannelBinding, user: str, *, coordinator: bool) -> None:
        """Moderator (power level 50) in the section's room; taken back only if 50 is what they have."""
        async with self._changing(section.channel):
            room = await self._power(section.channel)
            if room is not None:
                changes = room.raised(user) if coordinator else room.lowered(user)
                await self._change_state(section.channel, changes, f"moderation of {user}")

    async def set_admin(self, community: str, user: str) -> None:
        """Moderator (power level 50) in the space, which also makes them an admin in the bot's eyes."""
        async with self._changing(community):
            room = await self._power(community)
            if room is not None:
                await self._change_state(community, room.raised(user), f"moderation of {user}")

    async def set_section_archived(
        self, place: SectionPlace, section: ChannelBinding, *, archived: bool
    ) -> ChannelBinding:
        """Read-only power levels (posting above moderators), or what they were before; the room stays in the space."""
        async with self._changing(section.channel):
            room = await self._power(section.channel)
            if room is not None:
                changes = room.read_only() if archived else room.writable()
                await self._change_state(section.channel, changes, "archiving" if archived else "restoring")
        return section

    async def set_section_privacy(
        self, place: SectionPlace, section: ChannelBinding, *, members: frozenset[str] | None = None
    ) -> None:
        """Private: invite-only, history from the invitation on, out of the space's list and the room directory,
        and nobody in it (or invited) but ``members`` and the bot. Open: a normal section room's history, listed in
        the space again (see privacy.py)."""
        room = section.channel
        events = await self._state(room, "the state")
        if events is not None:
            changes = privacy.room_changes(events, private=place.sensitive)
            await self._change_state(room, changes, "private" if place.sensitive else "open")
            if place.sensitive and members is not None:
                for user in privacy.present(events) - members - {self._client.user_id}:
                    await self._remove(room, user)
        await self._list_in_space(place.community, room, listed=not place.sensitive)
        if place.sensitive:
            await self._unpublish(room)

    async def _list_in_space(self, space: str, room: str, *, listed: bool) -> None:
        with reaching_homeserver():
            child = await within_rate_limits(
                lambda: self._client.room_get_state_event(space, privacy.SPACE_CHILD, room), f"reading {space}"
            )
        if getattr(child, "status_code", None) == "M_LIMIT_EXCEEDED":
            raise_for(child, f"reading the space's listing of {room}")
        if privacy.listed(getattr(child, "content", None)) is listed:
            return
        try:
            if listed:
                await self.add_to_space(space, room)
            else:
                with reaching_homeserver():
                    removed = await within_rate_limits(
                        lambda: self._client.room_put_state(space, privacy.SPACE_CHILD, {}, state_key=room),
                        f"taking {room} out of the space",
                    )
                raise_for(removed, f"taking {room} out of the space")
        except DeliveryError as problem:
            if not problem.permanent:
                raise
            log.warning("%s", problem)  # no power in a space someone else made: for its admins to change

    async def _unpublish(self, room: str) -> None:
        """Out of the homeserver's room directory, if someone published it there."""
        with reaching_homeserver():
            shown = await self._client.room_get_visibility(room)
            if getattr(shown, "visibility", "private") != "public":
                return
            path = f"/_matrix/client/v3/directory/list/room/{quote(room)}"
            headers = {"Authorization": f"Bearer {self._client.access_token}"}
            body = json.dumps({"visibility": "private"})
            async with await self._client.send("PUT", path, body, headers=headers) as response:
                if response.status != 200:
                    log.warning("could not take %s out of the room directory: %s", room, response.status)

    def _changing(self, room: str) -> asyncio.Lock:
        """One change of a room's power levels at a time: each reads the levels and writes them back changed, so two
        side by side (a hand-over raises the new coordinator and lowers the old one, in two deliveries that run
        at once) would each write what they read, and the later would undo the earlier."""
        return self._power_changes.setdefault(room, asyncio.Lock())

    async def _power(self, room: str) -> RoomPower | None:
        """The room's power levels as they are now; None when the bot may not read them (a warning says so)."""
        events = await self._state(room, "the power levels")
        return None if events is None else RoomPower(events)

    async def _state(self, room: str, what: str) -> list[dict[str, Any]] | None:
        """The room's state events; None when the bot may not read them (a warning says so)."""
        with reaching_homeserver():
            response = await within_rate_limits(lambda: self._client.room_get_state(room), f"reading {room}")
        if isinstance(response, RoomGetStateResponse):
            return list(response.events)
        try:
            raise_for(response, f"reading {what} of {room}")
        except DeliveryError as problem:
            if not problem.permanent:
                raise
            log.warning("%s", problem)
            return None
        raise DeliveryError(f"reading {what} of {room}: unexpected answer {type(response).__name__}")

    async def _change_state(self, room: str, changes: Changes, what: str) -> None:
        """Send the state events in order; a refusal retrying cannot overcome (too little power in a room someone
        else made) is a warning, for an admin of that room to fix: ``netgroups check`` shows it too."""
        for event_type, content in changes:
            with reaching_homeserver():
                response = await within_rate_limits(
                    lambda: self._client.room_put_state(room, event_type, content),  # noqa: B023 - awaited at once
                    f"{what} in {room}",
                    waits=self.rate_limit_waits,
                )
            if isinstance(response, RoomPutStateResponse):
                continue
            try:
                raise_for(response, f"{what} in {room}")
            except DeliveryError as problem:
                if not problem.permanent:
                    raise
                log.warning("%s refused: %s", what, problem)
                return
            raise DeliveryError(f"{what} in {room}: unexpected answer {type(response).__name__}")

    async def _remove(self, room: str, user: str) -> None:
        """Out of the room (a kick), or the invitation withdrawn (a kick of someone invited); nothing when they have
        neither joined nor been invited."""
        what = f"removing {user} from {room}"
        with reaching_homeserver():
            own = await self._client.room_get_state_event(room, "m.room.member", user)
            if getattr(own, "content", {}).get("membership") not in ("join", "invite"):
                return
            response = await within_rate_limits(
                lambda: self._client.room_kick(room, user), what, waits=self.rate_limit_waits
            )
        try:
            raise_for(response, what)
        except DeliveryError as problem:
            if not problem.permanent:
                raise
            log.warning("%s refused: %s", what, problem)

    async def _invite(self, room: str, user: str) -> None:
        what = f"inviting {user} to {room}"
        with reaching_homeserver():
            response = await within_rate_limits(
                lambda: self._client.room_invite(room, user), what, waits=self.rate_limit_waits
            )
        try:
            raise_for(response, what)
        except DeliveryError as problem:
            if not problem.permanent:
                raise
            log.warning("%s refused: %s", what, problem)  # e.g. in the room already: nothing to do

    async def _send(
        self, room: str, event_type: str, content: dict[str, Any], txn: str | None, *, later: bool = False
    ) -> str:
        async def paced() -> object:
            async with self.pace.turn(later=later):
                response = await self._put_event(room, event_type, content, txn or uuid.uuid4().hex)
            if getattr(response, "status_code", None) == "M_LIMIT_EXCEEDED":
                self.pace.limited((getattr(response, "retry_after_ms", None) or 1000) / 1000)
            else:
                self.pace.accepted()
            return response

        with reaching_homeserver():
            response = await within_rate_limits(paced, f"sending {event_type} to {room}", waits=self.rate_limit_waits)
        if not isinstance(response, RoomSendResponse):
            raise_for(response, f"sending {event_type}")
            raise DeliveryError(f"sending {event_type}: unexpected answer {type(response).__name__}")
        return str(response.event_id)

    async def _put_event(self, room: str, event_type: str, content: dict[str, Any], txn: str) -> object:
        """nio's ``room_send`` without nio's handling of the answer: the answer is one event id, and nio checks it
        against a JSON schema with a validator built anew for each answer, which cost more of the bot's CPU in a
        fan-out than the request. nio's encryption is off, so nio would send the content as it is, too."""
        if self._client.client_session is None:  # before nio's first request, nio makes its session
            return await self._client.room_send(room, event_type, content, tx_id=txn, ignore_unverified_devices=True)
        path = _send_path(room, event_type) + quote(txn, safe="")
        headers = {"Authorization": f"Bearer {self._client.access_token}", "Content-Type": "application/json"}
        body = json.dumps(content, separators=(",", ":"))
        async with await self._client.send("PUT", path, body, headers=headers) as response:
            try:
                # Not aiohttp's ``json()``: it looks for the charset first, and the answer is JSON, so UTF-8.
                answer = json.loads(await response.read())
            except ValueError:  # a proxy's error page
                answer = None
        if not isinstance(answer, dict):
            answer = {}
        event_id = answer.get("event_id")
        if response.status == 200 and isinstance(event_id, str):
            return RoomSendResponse(event_id, room)
        retry_after_ms = answer.get("retry_after_ms")
        return RoomSendError(
            str(answer.get("error") or f"HTTP {response.status}"),
            answer.get("errcode") if isinstance(answer.get("errcode"), str) else None,
            retry_after_ms if isinstance(retry_after_ms, int) else None,
            room_id=room,
        )


@functools.lru_cache(maxsize=4096)
def _send_path(room: str, event_type: str) -> str:
    """The path an event of this type is sent to in this room, but its transaction id: quoted once per room and type
    (quoting was a tenth of a send's CPU in a fan-out)."""
    return f"/_matrix/client/v3/rooms/{quote(room, safe='')}/send/{quote(event_type, safe='')}/"


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header (its IHDR chunk), or None when it is not one: Matrix clients lay an
    ``m.image`` out from ``info.w`` and ``info.h`` before they download it."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
