"""``netgroups check`` on Matrix: the homeserver answers, the bot's credentials work and are the configured
account's, it is in the space and in each section's room with the power it needs there, and whether it is
exempt from the homeserver's rate limits.

Plain client-server API requests (and Synapse's admin API for the rate limits), read only: nothing is joined,
sent or changed. With only a password (no token, no saved session) the check logs in and logs that device out
again; the bot logs in for good at its first start.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp

from adapters.matrix.gateway import PLATFORM
from bot.checks import CheckRequest, Finding, KnownSection, Mark
from bot.replies import Listing, Msg, msg
from bot.settings import MatrixSettings

log = logging.getLogger(__name__)

_REQUEST_SECONDS = 10.0
_CLIENT = "/_matrix/client/v3"
#: Room versions where the creators outrank every power level (and are listed in no ``users`` map).
_CREATORS_OUTRANK = frozenset({"12", "org.matrix.hydra.11"})


@dataclass(frozen=True, slots=True)
class _Need:
    """Something the bot does in a room, and the power level it takes there."""

    label: Msg
    #: "invite", or an event type sent as a state event ("state") or a message-like event ("event").
    kind: str
    event_type: str = ""

    def level(self, levels: Mapping[str, Any]) -> int:
        if self.kind == "invite":
            return _int(levels.get("invite"), 0)
        explicit = levels.get("events", {}).get(self.event_type)
        default = levels.get("state_default", 50) if self.kind == "state" else levels.get("events_default", 0)
        return _int(explicit if explicit is not None else default, 0)


#: The space: members are invited to it when first seen, section rooms are listed in it.
_IN_SPACE = (
    _Need(msg("check-matrix-need-invite"), "invite"),
    _Need(msg("check-matrix-need-space-child"), "state", "m.space.child"),
)
#: A section's room: members are invited when they join the section; calls are posted and seeded with reactions.
_HOW = {
    "token": msg("check-matrix-by-token"),
    "session": msg("check-matrix-by-session"),
    "password": msg("check-matrix-by-password"),
}
_REFUSED_FIXES = {"token": msg("check-fix-matrix-token"), "password": msg("check-fix-matrix-password")}
_IN_ROOM = (
    _Need(msg("check-matrix-need-invite"), "invite"),
    _Need(msg("check-matrix-need-message"), "event", "m.room.message"),
    _Need(msg("check-matrix-need-reaction"), "event", "m.reaction"),
)


class _Homeserver:
    """JSON requests to one homeserver as one user."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.token: str | None = None
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=_REQUEST_SECONDS))

    async def call(
        self, method: str, path: str, body: object = None, query: Mapping[str, str] | None = None
    ) -> tuple[int, Any]:
        """The status and the JSON answer (None when there is none)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        async with self._session.request(method, self.base + path, json=body, params=query, headers=headers) as answer:
            try:
                return answer.status, await answer.json(content_type=None)
            except ValueError:
                return answer.status, None

    async def object(
        self, method: str, path: str, body: object = None, query: Mapping[str, str] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """The status and the JSON object answered ({} for anything else)."""
        status, answer = await self.call(method, path, body, query)
        return status, answer if isinstance(answer, dict) else {}

    async def close(self) -> None:
        await self._session.close()


async def check(request: CheckRequest) -> list[Finding]:
    settings = request.settings.matrix
    if settings.user_id is None:
        return [Finding.fail(msg("check-matrix-no-user"), msg("check-fix-matrix-no-user"))]
    assert settings.homeserver is not None
    server = _Homeserver(settings.homeserver)
    try:
        reachable = await _versions(server)
        if reachable.mark is not Mark.OK:
            return [reachable]
        session_file = request.settings.storage.data_dir / "matrix-session.json"
        how = await _log_in(server, settings, session_file)
        if isinstance(how, Finding):
            return [reachable, how]
        try:
            findings = [reachable, await _whoami(server, settings, how, session_file)]
            if request.live or findings[-1].mark is not Mark.OK:
                return findings
            findings += await _places(server, request, settings.user_id)
            findings.append(await _rate_limits(server, settings.user_id))
            return findings
        finally:
            if how == "password":
                await server.call("POST", _CLIENT + "/logout", {})
    finally:
        await server.close()


async def _versions(server: _Homeserver) -> Finding:
    fix = msg("check-fix-matrix-unreachable", homeserver=server.base)
    try:
        status, answer = await server.object("GET", "/_matrix/client/versions")
    except (aiohttp.ClientError, OSError, TimeoutError) as problem:
        reason = str(problem) or type(problem).__name__
        return Finding.fail(msg("check-matrix-unreachable", homeserver=server.base, reason=reason), fix)
    if status != 200 or not answer.get("versions"):
        return Finding.fail(msg("check-matrix-not-matrix", homeserver=server.base, status=status), fix)
    return Finding.ok(msg("check-matrix-reachable", homeserver=server.base, version=str(answer["versions"][-1])))


async def _log_in(server: _Homeserver, settings: MatrixSettings, session_file: Path) -> str | Finding:
    """Take the credentials the bot would use (token, saved session, password): which, or what is wrong."""
    if settings.access_token is not None:
        server.token = settings.access_token.get_secret_value()
        return "token"
    saved = _saved_token(session_file)
    if saved is not None:
        if not saved:
            unreadable = msg("check-matrix-session-unreadable", file=str(session_file))
            return Finding.fail(unreadable, _new_session(session_file))
        server.token = saved
        return "session"
    if settings.password is None:
        return Finding.fail(msg("check-matrix-no-credentials"), msg("check-fix-matrix-no-credentials"))
    body = {
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": settings.user_id},
        "password": settings.password.get_secret_value(),
        "initial_device_display_name": "netgroups check",
    }
    status, answer = await server.object("POST", _CLIENT + "/login", body)
    if status != 200 or "access_token" not in answer:
        reason = str(answer.get("error") or status)
        return Finding.fail(
            msg("check-matrix-password-refused", user=settings.user_id, reason=reason),
            msg("check-fix-matrix-password"),
        )
    server.token = str(answer["access_token"])
    return "password"


def _saved_token(session_file: Path) -> str | None:
    """The access token of the session the bot saved after logging in with its password ("" when that file cannot
    be read); None when there is none."""
    if not session_file.exists():
        return None
    try:
        return str(json.loads(session_file.read_text(encoding="utf-8"))["access_token"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _new_session(session_file: Path) -> Msg:
    return msg("check-fix-matrix-session", file=str(session_file))


async def _whoami(server: _Homeserver, settings: MatrixSettings, how: str, session_file: Path) -> Finding:
    status, answer = await server.object("GET", _CLIENT + "/account/whoami")
    if status != 200:
        reason = str(answer.get("errcode") or status)
        fix = _new_session(session_file) if how == "session" else _REFUSED_FIXES[how]
        return Finding.fail(msg("check-matrix-token-refused", reason=reason), fix)
    user = str(answer.get("user_id"))
    if user != settings.user_id:
        return Finding.fail(
            msg("check-matrix-token-other", user=user, configured=str(settings.user_id)),
            msg("check-fix-matrix-token-other", configured=str(settings.user_id)),
        )
    if how == "token" and not settings.device_id and not answer.get("device_id"):
        return Finding.fail(msg("check-matrix-no-device"), msg("check-fix-matrix-no-device"))
    return Finding.ok(msg("check-matrix-logged-in", user=user, how=_HOW[how]))


# --- the space and the section rooms -----------------------------------------------------------------------------


async def _places(server: _Homeserver, request: CheckRequest, user: str) -> list[Finding]:
    settings = request.settings.matrix
    space = settings.space_id or await request.known.state(PLATFORM, "space")
    if not space:
        return [Finding.warn(msg("check-matrix-space-none"), msg("check-fix-matrix-space-none"))]
    sections = [
        section
        for community in await request.known.communities(PLATFORM)
        if community.external_id == space
        for section in community.sections
    ]
    status, answer = await server.object("GET", _CLIENT + "/joined_rooms")
    joined = set(answer.get("joined_rooms", [])) if status == 200 else set()
    invited = await _invited(server, [space, *(section.channel for section in sections)], joined)
    rooms = _Rooms(server, user, joined, invited)
    findings = [await rooms.look(msg("check-matrix-place-space", space=space), space, _IN_SPACE)]
    looked = [await rooms.look(_room_of(section), section.channel, _IN_ROOM) for section in sections]
    problems = [finding for finding in looked if finding.mark is not Mark.OK]
    findings += problems or [Finding.ok(msg("check-matrix-rooms-ok", count=len(sections)))]
    return findings


def _room_of(section: KnownSection) -> Msg:
    return msg("check-matrix-place-room", section=section.slug, room=section.channel)


@dataclass(frozen=True, slots=True)
class _Rooms:
    server: _Homeserver
    user: str
    joined: set[str]
    invited: set[str]

    async def look(self, place: Msg, room: str, needs: Iterable[_Need]) -> Finding:
        """One room (or the space): joined, and the bot's power level there enough for what it does in it."""
        if room not in self.joined:
            if room in self.invited:
                return Finding.warn(msg("check-matrix-invited", place=place), msg("check-fix-matrix-invited"))
            fix = msg("check-fix-matrix-not-in", user=self.user, room=room)
            return Finding.fail(msg("check-matrix-not-in", place=place), fix)
        status, answer = await self.server.call("GET", f"{_CLIENT}/rooms/{quote(room, safe='')}/state")
        if status != 200 or not isinstance(answer, list):
            reason = str(answer.get("errcode") if isinstance(answer, dict) else status)
            return Finding.fail(msg("check-matrix-state-unreadable", place=place, reason=reason), _FIX_STATE)
        events = [event for event in answer if isinstance(event, dict)]
        level, creator = _power(events, self.user)
        if creator:
            return Finding.ok(msg("check-matrix-power-creator", place=place))
        levels = _content(events, "m.room.power_levels")
        short = [need for need in needs if levels and need.level(levels) > level]
        if not short:
            return Finding.ok(msg("check-matrix-power-ok", place=place, level=level))
        needed = max(need.level(levels) for need in short)
        actions = Listing(tuple(need.label for need in short))
        return Finding.fail(
            msg("check-matrix-power-low", place=place, level=level, needed=needed, actions=actions),
            msg("check-fix-matrix-power", user=self.user, needed=needed, place=place),
        )


_FIX_STATE = msg("check-fix-matrix-state")


def _content(events: list[dict[str, Any]], event_type: str) -> dict[str, Any]:
    event = next((e for e in events if e.get("type") == event_type and e.get("state_key") == ""), None)
    content = event.get("content") if event else None
    return content if isinstance(content, dict) else {}


def _power(events: list[dict[str, Any]], user: str) -> tuple[int, bool]:
    """The user's power level in the room, and whether they are one of its creators who outrank every level."""
    create = next((e for e in events if e.get("type") == "m.room.create" and e.get("state_key") == ""), {})
    content = create.get("content") or {}
    if str(content.get("room_version", "1")) in _CREATORS_OUTRANK and (
        create.get("sender") == user or user in content.get("additional_creators", [])
    ):
        return 0, True
    levels = _content(events, "m.room.power_levels")
    return _int(levels.get("users", {}).get(user), _int(levels.get("users_default"), 0)), False


async def _invited(server: _Homeserver, rooms: list[str], joined: set[str]) -> set[str]:
    """Which of ``rooms`` the bot is invited to (and joins at its next start or sync): one sync limited to them."""
    wanted = [room for room in rooms if room not in joined]
    if not wanted:
        return set()
    nothing: dict[str, Any] = {"types": []}
    room_filter = {
        "rooms": wanted,
        "timeline": {"limit": 0},
        "state": nothing,
        "ephemeral": nothing,
        "account_data": nothing,
    }
    sync_filter = {"room": room_filter, "presence": nothing, "account_data": nothing}
    query = {"filter": json.dumps(sync_filter), "timeout": "0", "set_presence": "offline"}
    status, answer = await server.object("GET", _CLIENT + "/sync", query=query)
    return set(answer.get("rooms", {}).get("invite", {})) & set(wanted) if status == 200 else set()


# --- rate limits --------------------------------------------------------------------------------------------------


async def _rate_limits(server: _Homeserver, user: str) -> Finding:
    """Synapse's admin API says whether the bot is exempt, to an admin's token only: otherwise it is not known."""
    fix = msg("check-fix-matrix-exempt", user=user)
    try:
        status, answer = await server.object(
            "GET", f"/_synapse/admin/v1/users/{quote(user, safe='')}/override_ratelimit"
        )
    except (aiohttp.ClientError, OSError, TimeoutError):
        status, answer = 0, {}
    if status != 200:
        return Finding.warn(msg("check-matrix-exempt-unknown"), fix)
    if answer.get("messages_per_second") == 0 and answer.get("burst_count") == 0:
        return Finding.ok(msg("check-matrix-exempt"))
    return Finding.warn(msg("check-matrix-not-exempt"), fix)


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default
