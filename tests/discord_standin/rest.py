"""The REST side's plumbing: every request is recorded, may meet an injected fault or a rate limit, is
authorised, routed to a handler, and answered with exactly ``Content-Type: application/json``."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yarl
from aiohttp import web
from multidict import CIMultiDict

from tests.discord_standin import payloads as p
from tests.discord_standin.faults import (
    Fault,
    FixedWindow,
    RouteLimit,
    rate_limited_body,
    rate_limited_headers,
)
from tests.discord_standin.payloads import DiscordError
from tests.discord_standin.world import Guild, World

JSON = "application/json"


@dataclass
class Call:
    """One REST request as the stand-in saw it. ``path`` is relative to ``/api/v10`` and percent-decoded."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    #: Case-insensitive: ``call.headers["authorization"]`` works.
    headers: CIMultiDict[str]
    files: list[dict[str, Any]] = field(default_factory=list)
    status: int = 0
    #: "handler", "fault", "global_rate_limit", "route_rate_limit", "auth", "unknown_route"
    answered_by: str = ""
    at: float = 0.0


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = JSON
    delay: float = 0.0
    disconnect: bool = False

    def to_response(self) -> web.Response:
        headers = dict(self.headers)
        if self.body is None:
            return web.Response(status=self.status, headers=headers)
        if isinstance(self.body, str) and self.content_type != JSON:
            raw = self.body.encode()
        elif isinstance(self.body, bytes):
            raw = self.body
        else:
            raw = json.dumps(self.body, separators=(",", ":")).encode()
        # Exactly "application/json": discord.py compares the header verbatim (no charset allowed).
        headers["Content-Type"] = self.content_type
        return web.Response(status=self.status, body=raw, headers=headers)


Handler = Callable[[Call, dict[str, str]], Awaitable[Reply]]


@dataclass
class _Route:
    method: str
    template: str
    regex: re.Pattern[str]
    handler: Handler
    auth: bool


def _template_regex(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
    return re.compile(pattern)


def _ok(body: Any = None, status: int | None = None, headers: dict[str, str] | None = None) -> Reply:
    if status is None:
        status = 204 if body is None else 200
    return Reply(status=status, body=body, headers=headers or {})


def _snowflake(value: Any, error: tuple[int, str]) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DiscordError(404, p.error_body(error)) from None


class RestBase:
    """State and plumbing the route mixins share; :class:`~tests.discord_standin.server.DiscordStandIn`
    sets the attributes and registers the routes."""

    token: str
    clock: Callable[[], float]
    snowflakes: p.Snowflakes
    world: World
    calls: list[Call]
    unknown_routes: list[Call]
    faults: list[Fault]
    global_limit: FixedWindow | None
    route_limits: list[RouteLimit]
    _routes: list[_Route]

    if TYPE_CHECKING:

        @property
        def bot_user_id(self) -> int: ...

        @property
        def application_id(self) -> int: ...

        @property
        def port(self) -> int: ...

        @property
        def gateway_url(self) -> yarl.URL: ...

        def _reaction_event(
            self, channel_id: int, message_id: int, emoji: str, user_id: int, *, add: bool = True
        ) -> dict[str, Any]: ...

        def _notify(self) -> None: ...

        async def _emit(self, event: str, data: dict[str, Any]) -> None: ...

    def _route(self, method: str, template: str, handler: Handler, *, auth: bool = True) -> None:
        self._routes.append(_Route(method, template, _template_regex(template), handler, auth))

    async def _read_body(self, request: web.Request) -> tuple[Any, list[dict[str, Any]]]:
        if not request.can_read_body:
            return None, []
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            payload = json.loads(str(form["payload_json"])) if "payload_json" in form else None
            files = []
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    files.append(
                        {
                            "field": key,
                            "filename": value.filename,
                            "size": len(data),
                            "content_type": value.content_type,
                            "data": data,
                        }
                    )
            return payload, files
        raw = await request.read()
        if request.content_type == JSON and raw:
            return json.loads(raw), []
        return (raw.decode(errors="replace") if raw else None), []

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        call = Call(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body,
            headers=CIMultiDict(request.headers),
            files=files,
            at=self.clock(),
        )
        self.calls.append(call)
        try:
            reply = await self._answer(call)
        except DiscordError as error:
            reply = Reply(status=error.status, body=error.body)
            call.answered_by = call.answered_by or "handler"
        call.status = reply.status
        if reply.delay:
            await asyncio.sleep(reply.delay)
        self._notify()
        if reply.disconnect:
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError
        return reply.to_response()

    def _take_fault(self, call: Call, *, after: bool) -> Fault | None:
        for fault in self.faults:
            if fault.after == after and fault.matches(call.method, call.path):
                fault.consume(call)
                return fault
        return None

    @staticmethod
    def _fault_reply(fault: Fault) -> Reply:
        headers = dict(fault.headers)
        content_type = headers.pop("Content-Type", JSON)
        return Reply(
            status=fault.status,
            body=fault.body,
            headers=headers,
            content_type=content_type,
            delay=fault.delay,
            disconnect=fault.disconnect,
        )

    @staticmethod
    def _rate_limit_exempt(path: str) -> bool:
        return path.startswith(("/interactions/", "/webhooks/"))

    @staticmethod
    def _major(params: dict[str, str]) -> str:
        return "+".join(params[k] for k in ("channel_id", "guild_id", "application_id", "token") if k in params)

    async def _answer(self, call: Call) -> Reply:
        fault = self._take_fault(call, after=False)
        if fault is not None:
            call.answered_by = "fault"
            return self._fault_reply(fault)
        refused = self._global_rate_limited(call)
        if refused is not None:
            return refused
        route, params, method_allowed = self._match_route(call.method, call.path)
        if route is None or (route.auth and call.headers.get("Authorization") != f"Bot {self.token}"):
            return self._refuse(call, route, method_allowed)
        limit = next((r for r in self.route_limits if r.matches(call.method, call.path)), None)
        window = None if limit is None else limit.window(self._major(params), self.clock)
        if limit is not None and window is not None and not window.take():
            call.answered_by = "route_rate_limit"
            retry_after = max(window.reset_after, 0.001)
            headers = window.headers(limit.bucket)
            headers.update(rate_limited_headers(retry_after, scope="user"))
            return Reply(status=429, body=rate_limited_body(retry_after, is_global=False), headers=headers)
        call.answered_by = "handler"
        reply = await route.handler(call, params)
        if limit is not None and window is not None:
            reply.headers.update(window.headers(limit.bucket))
        fault = self._take_fault(call, after=True)
        if fault is not None:
            call.answered_by = "fault"
            return self._fault_reply(fault)
        return reply

    def _refuse(self, call: Call, route: _Route | None, method_allowed: bool) -> Reply:
        if route is not None:
            call.answered_by = "auth"
            return Reply(status=401, body={"message": "401: Unauthorized", "code": 0})
        call.answered_by = "unknown_route"
        self.unknown_routes.append(call)
        if method_allowed:
            return Reply(status=404, body={"message": "404: Not Found", "code": 0})
        return Reply(status=405, body={"message": "405: Method Not Allowed", "code": 0})

    def _global_rate_limited(self, call: Call) -> Reply | None:
        if self.global_limit is None or self._rate_limit_exempt(call.path) or self.global_limit.take():
            return None
        call.answered_by = "global_rate_limit"
        retry_after = max(self.global_limit.reset_after, 0.001)
        return Reply(
            status=429,
            body=rate_limited_body(retry_after, is_global=True),
            headers=rate_limited_headers(retry_after, scope="global"),
        )

    def _match_route(self, method: str, path: str) -> tuple[_Route | None, dict[str, str], bool]:
        path_known = False
        for route in self._routes:
            match = route.regex.fullmatch(path)
            if match is None:
                continue
            path_known = True
            if route.method == method:
                return route, match.groupdict(), True
        return None, {}, not path_known

    # --- lookups that answer Discord's 404s ----------------------------------------------------------------
    def _guild(self, params: dict[str, str]) -> Guild:
        guild_id = _snowflake(params["guild_id"], p.UNKNOWN_GUILD)
        guild = self.world.guilds.get(guild_id)
        if guild is None or self.bot_user_id not in guild.members:
            raise DiscordError(404, p.error_body(p.UNKNOWN_GUILD))
        return guild

    def _channel(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        channel_id = _snowflake(params["channel_id"], p.UNKNOWN_CHANNEL)
        channel = self.world.channel(channel_id)
        if channel is None:
            raise DiscordError(404, p.error_body(p.UNKNOWN_CHANNEL))
        return channel_id, channel

    def _stored_message(self, params: dict[str, str]) -> tuple[int, int, dict[str, Any]]:
        channel_id, _ = self._channel(params)
        message_id = _snowflake(params["message_id"], p.UNKNOWN_MESSAGE)
        stored = self.world.messages.get(message_id)
        if stored is None or int(stored["channel_id"]) != channel_id or stored.get("_ephemeral"):
            raise DiscordError(404, p.error_body(p.UNKNOWN_MESSAGE))
        return channel_id, message_id, stored

    def _role(self, guild: Guild, params: dict[str, str]) -> int:
        role_id = _snowflake(params["role_id"], p.UNKNOWN_ROLE)
        if role_id not in guild.roles:
            raise DiscordError(404, p.error_body(p.UNKNOWN_ROLE))
        return role_id

    def _member_id(self, guild: Guild, params: dict[str, str]) -> int:
        user_id = _snowflake(params["user_id"], p.UNKNOWN_MEMBER)
        if user_id not in guild.members:
            raise DiscordError(404, p.error_body(p.UNKNOWN_MEMBER))
        return user_id
