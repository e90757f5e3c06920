"""DiscordStandIn: an aiohttp server on 127.0.0.1 speaking enough of Discord's REST API and gateway for the
real discord.py 2.7 — and the knobs tests need (failure injection, rate limits, event dispatch, state).

Typical use::

    standin = DiscordStandIn()
    guild = standin.add_guild("Test Guild")          # with a #general channel; the bot is a member
    alice = standin.add_user("alice"); standin.add_member(guild, alice)
    await standin.start()
    with standin.patch_discord_py():
        client = discord.Client(intents=..., guild_ready_timeout=0.05)
        await client.login(standin.token)
        task = asyncio.create_task(client.connect())
        ...
        record = await standin.dispatch_slash_command("section join", {"name": "x"}, channel_id=..., user_id=alice)
        await standin.wait_until(lambda: record.responded)
        await client.close(); await task
    await standin.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import yarl
from aiohttp import WSMsgType, web

from tests.discord_standin import gateway as gw
from tests.discord_standin import payloads as p
from tests.discord_standin import permissions as perms
from tests.discord_standin.faults import (
    Fault,
    FixedWindow,
    RouteLimit,
    compile_path_pattern,
    default_error_body,
    rate_limited_body,
    rate_limited_headers,
)
from tests.discord_standin.patching import DiscordPyPatch
from tests.discord_standin.rest import JSON, Call, _Route
from tests.discord_standin.routes_guilds import GuildRoutes
from tests.discord_standin.routes_messages import MessageRoutes
from tests.discord_standin.world import Guild, InteractionRecord, World

API_PREFIX = "/api/v10"


class DiscordStandIn(GuildRoutes, MessageRoutes):
    """A Discord for one bot on 127.0.0.1: REST under ``base_url``, the gateway at ``gateway_url``."""

    def __init__(
        self,
        *,
        token: str = "standin.bot.token",
        bot_name: str = "netgroups",
        bot_permissions: int = p.BOT_PERMISSIONS,
        application_flags: int = 0,
        heartbeat_interval_ms: int = 1000,
        privileged_intents: int = 0,
        interaction_deadline: float = 3.0,
        nonce_window: float = 300.0,
        gateway_compression: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.application_flags = application_flags
        self.heartbeat_interval_ms = heartbeat_interval_ms
        #: Privileged intents switched on in the (imaginary) developer portal: GUILD_MEMBERS etc.
        self.privileged_intents = privileged_intents
        #: Seconds within which the initial interaction response must arrive (Discord: 3).
        self.interaction_deadline = interaction_deadline
        #: Seconds a nonce with enforce_nonce dedupes a message create ("the past few minutes").
        self.nonce_window = nonce_window
        self.gateway_compression = gateway_compression
        self.ack_heartbeats = True
        self.clock = clock
        self.snowflakes = p.Snowflakes()
        self.world = World(self.snowflakes, bot_name=bot_name, bot_permissions=bot_permissions)

        #: Every REST call, in arrival order.
        self.calls: list[Call] = []
        #: Calls that matched no route (a 404 the real Discord would also give, but probably a test gap).
        self.unknown_routes: list[Call] = []
        self.faults: list[Fault] = []
        self.global_limit: FixedWindow | None = None
        self.route_limits: list[RouteLimit] = []
        #: Every initial interaction response: {"interaction_id", "token", "type", "data", "with_response"}.
        self.interaction_responses: list[dict[str, Any]] = []

        self.gateway_connections: list[gw.GatewayConnection] = []
        #: IDENTIFY / RESUME payloads (``d``) in arrival order.
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.heartbeats = 0
        self.presence_updates: list[dict[str, Any]] = []
        #: Events not sent because the session lacks the intent: (event, data).
        self.filtered_events: list[tuple[str, dict[str, Any]]] = []
        self.session: gw.GatewaySession | None = None
        self.sessions: list[gw.GatewaySession] = []

        self._routes: list[_Route] = []
        self._register_routes()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._port: int | None = None
        self._gateway_lock = asyncio.Lock()
        self._gateway_open = asyncio.Event()
        self._gateway_open.set()
        self._waiters: list[asyncio.Future[None]] = []

    # =====================================================================================================
    # lifecycle
    # =====================================================================================================
    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/resume", self._gateway)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await self._site.start()
        server = self._site._server
        assert server is not None
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        for connection in list(self.gateway_connections):
            if not connection.closed:
                connection.dropped_by_server = True
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(connection.ws.close(code=1001), 2.0)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> DiscordStandIn:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the stand-in is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """What ``discord.http.Route.BASE`` must be."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> yarl.URL:
        """What ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` must be."""
        return yarl.URL(f"ws://127.0.0.1:{self.port}/gateway")

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/resume"

    def patch_discord_py(self, *, fast_server_error_retries: bool = False) -> DiscordPyPatch:
        """Points discord.py at this stand-in; the result undoes it when called or used as a context manager.

        ``fast_server_error_retries`` shrinks discord.py's 1 s/3 s/… back-off after a 5xx to 1/100 (only
        those integer sleeps; rate-limit waits are untouched) so 502 scenarios stay fast.
        """
        return DiscordPyPatch(self.base_url, self.gateway_url, fast_server_error_retries=fast_server_error_retries)

    # =====================================================================================================
    # world setup (synchronous; before or while the bot runs)
    # =====================================================================================================
    @property
    def bot_user_id(self) -> int:
        return self.world.bot_id

    @property
    def application_id(self) -> int:
        return self.world.application_id

    def add_user(self, username: str, *, bot: bool = False, global_name: str | None = None) -> int:
        return self.world.add_user(username, bot=bot, global_name=global_name)

    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        owner_id: int | None = None,
        locale: str = "en-US",
        channels: Iterable[str] = ("general",),
    ) -> int:
        """A guild the bot is in, with @everyone, the bot's managed role and text ``channels``."""
        return self.world.add_guild(name, owner_id=owner_id, locale=locale, channels=tuple(channels)).id

    def add_channel(
        self,
        guild_id: int,
        name: str,
        *,
        kind: int = p.GUILD_TEXT,
        parent_id: int | None = None,
        topic: str | None = None,
    ) -> int:
        return int(self.world.add_channel(guild_id, name, kind=kind, parent_id=parent_id, topic=topic)["id"])

    def add_role(self, guild_id: int, name: str, *, permissions: int | None = None) -> int:
        return int(self.world.add_role(guild_id, name, permissions=permissions)["id"])

    def edit_role(
        self, guild_id: int, role_id: int, *, permissions: int | None = None, position: int | None = None
    ) -> None:
        """Change a role as a server admin would in Server Settings → Roles: its permissions, or where it sits
        (``position``; the roles from there up move up one, as dragging a role in Discord does)."""
        self.world.edit_role(guild_id, role_id, permissions=permissions, position=position)

    def bot_role_id(self, guild_id: int) -> int:
        """The bot's managed role in the guild (made when it joined, with ``bot_permissions``)."""
        role_id = self.world.guilds[guild_id].bot_role_id
        assert role_id is not None
        return role_id

    def add_member(self, guild_id: int, user_id: int, roles: Iterable[int] = ()) -> None:
        self.world.add_member(guild_id, user_id, list(roles))

    def close_dms(self, user_id: int) -> None:
        """The user accepts no DMs: sending to their DM channel answers 403 / 50007."""
        self.world.closed_dms.add(user_id)

    # =====================================================================================================
    # inspection
    # =====================================================================================================
    def calls_to(self, method: str = "*", path: str | re.Pattern[str] | None = None) -> list[Call]:
        regex = compile_path_pattern(path)
        return [c for c in self.calls if method in ("*", c.method) and regex.fullmatch(c.path)]

    def guild_ids(self) -> list[int]:
        return list(self.world.guilds)

    def guild(self, guild_id: int) -> Guild:
        return self.world.guilds[guild_id]

    def channels_in(self, guild_id: int) -> list[dict[str, Any]]:
        return [copy.deepcopy(c) for c in self.world.guilds[guild_id].channels.values()]

    def channel(self, channel_id: int) -> dict[str, Any]:
        channel = self.world.channel(channel_id)
        if channel is None:
            raise KeyError(channel_id)
        return copy.deepcopy(channel)

    def channel_named(self, guild_id: int, name: str) -> dict[str, Any] | None:
        return next((c for c in self.channels_in(guild_id) if c["name"] == name), None)

    def roles_in(self, guild_id: int) -> list[dict[str, Any]]:
        return [copy.deepcopy(r) for r in self.world.guilds[guild_id].roles.values()]

    def role_named(self, guild_id: int, name: str) -> dict[str, Any] | None:
        return next((r for r in self.roles_in(guild_id) if r["name"] == name), None)

    def member_roles(self, guild_id: int, user_id: int) -> list[int]:
        return list(self.world.guilds[guild_id].members[user_id].roles)

    def permissions_in(self, channel_id: int, user_id: int) -> int:
        """What ``user_id`` may do in a guild channel, as Discord computes it from roles and overwrites."""
        guild = self.world.guild_of_channel(channel_id)
        assert guild is not None, f"{channel_id} is no guild channel"
        return perms.in_channel(self.world, guild, guild.channels[channel_id], user_id)

    def messages_in(self, channel_id: int) -> list[dict[str, Any]]:
        """The channel's messages, oldest first, as stored (content never hidden)."""
        return [self._message_view(mid, redact=False) for mid in self.world.channel_messages.get(channel_id, [])]

    def message(self, message_id: int) -> dict[str, Any]:
        return self._message_view(message_id, redact=False)

    def reactions_on(self, message_id: int) -> dict[str, list[int]]:
        """Emoji key (``"👍"`` or ``"name:id"``) -> user ids, in the order they reacted."""
        return {k: list(v) for k, v in self.world.reactions.get(message_id, {}).items() if v}

    def dm_channel_id(self, user_id: int) -> int | None:
        return self.world.dm_by_user.get(user_id)

    def guild_commands(self, guild_id: int) -> list[dict[str, Any]]:
        return copy.deepcopy(self.world.commands.get(guild_id, []))

    def global_commands(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self.world.commands.get(None, []))

    def command_writes(self, guild_id: int | None = None) -> int:
        """PUT/POST/PATCH/DELETE calls on the guild's commands (``None``: the global ones)."""
        return self.world.command_writes[guild_id]

    @property
    def interactions(self) -> dict[int, InteractionRecord]:
        return self.world.interactions

    def interaction_message(self, record: InteractionRecord) -> dict[str, Any] | None:
        """The original response message (ephemeral ones included), or None."""
        return None if record.original_id is None else self._message_view(record.original_id, redact=False)

    def followup_messages(self, record: InteractionRecord) -> list[dict[str, Any]]:
        return [self._message_view(mid, redact=False) for mid in record.followup_ids]

    @property
    def identify_count(self) -> int:
        return len(self.identifies)

    @property
    def resume_count(self) -> int:
        return len(self.resumes)

    @property
    def intents(self) -> int | None:
        """The intents of the latest IDENTIFY."""
        return None if not self.identifies else int(self.identifies[-1].get("intents", 0))

    @property
    def connected(self) -> bool:
        """A session whose socket is open and has received READY or RESUMED."""
        return self.session is not None and self.session.connection is not None

    # =====================================================================================================
    # waiting (no sleeping: every change wakes the waiters)
    # =====================================================================================================
    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "") -> None:  # noqa: ASYNC109
        """Returns once ``predicate()`` holds; re-checked after every REST call, gateway frame or dispatch."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"stand-in: timed out after {timeout}s waiting for {what or predicate}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, remaining)

    async def wait_for_calls(
        self,
        method: str,
        path: str | re.Pattern[str] | None,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[Call]:
        """Waits until ``count`` calls matching method + path have been answered; returns all of them."""

        def answered() -> list[Call]:
            return [c for c in self.calls_to(method, path) if c.status]

        await self.wait_until(lambda: len(answered()) >= count, timeout, f"{count} × {method} {path}")
        return answered()

    async def wait_for_response(self, record: InteractionRecord, timeout: float = 5.0) -> InteractionRecord:  # noqa: ASYNC109
        await self.wait_until(lambda: record.responded, timeout, f"a response to interaction {record.id}")
        return record

    async def wait_connected(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        await self.wait_until(lambda: self.connected, timeout, "a gateway session")

    # =====================================================================================================
    # failure injection and rate limits
    # =====================================================================================================
    def inject(
        self,
        method: str,
        path: str | re.Pattern[str] | None,
        *,
        status: int = 500,
        body: Any = ...,
        headers: Mapping[str, str] | None = None,
        times: int | None = 1,
        after: bool = False,
        delay: float = 0.0,
        disconnect: bool = False,
    ) -> Fault:
        """The next ``times`` calls (None: all) on ``method`` (``"*"``: any) + ``path`` answer ``status``.

        ``body`` defaults to what Discord/Cloudflare send for the status (HTML for 502/504, JSON else);
        a ``str`` body is sent as text/html. ``after=True`` runs the real handler first (the change is made)
        and only then answers the fault. ``delay`` holds the answer back (timeouts); ``disconnect`` closes
        the connection instead of answering.
        """
        if body is ...:
            body_value, content_type = default_error_body(status)
        else:
            body_value, content_type = body, (JSON if not isinstance(body, str) else "text/html")
        fault = Fault(
            method=method.upper(),
            pattern=compile_path_pattern(path),
            status=status,
            body=body_value,
            headers=dict(headers or {}),
            remaining=times,
            after=after,
            delay=delay,
            disconnect=disconnect,
        )
        fault.headers.setdefault("Content-Type", content_type)
        self.faults.append(fault)
        return fault

    def inject_rate_limit(
        self,
        method: str,
        path: str | re.Pattern[str] | None,
        *,
        retry_after: float = 0.05,
        times: int = 1,
        bucket: str = "standin-bucket",
        limit: int = 5,
    ) -> Fault:
        """A per-route 429 (scope user) with the bucket headers Discord sends."""
        headers = rate_limited_headers(retry_after, scope="user")
        headers.update(
            {
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Bucket": bucket,
            }
        )
        return self.inject(
            method, path, status=429, body=rate_limited_body(retry_after, is_global=False), headers=headers, times=times
        )

    def inject_global_rate_limit(
        self,
        method: str = "*",
        path: str | re.Pattern[str] | None = None,
        *,
        retry_after: float = 0.05,
        times: int = 1,
    ) -> Fault:
        """A global 429: ``{"global": true}``, ``X-RateLimit-Global`` and ``Via`` (discord.py needs Via)."""
        return self.inject(
            method,
            path,
            status=429,
            body=rate_limited_body(retry_after, is_global=True),
            headers=rate_limited_headers(retry_after, scope="global"),
            times=times,
        )

    def inject_server_error(
        self, method: str, path: str | re.Pattern[str] | None, *, status: int = 502, after: bool = False, times: int = 1
    ) -> Fault:
        return self.inject(method, path, status=status, after=after, times=times)

    def clear_faults(self) -> None:
        self.faults.clear()

    def set_global_rate_limit(self, limit: int | None, per: float = 1.0) -> None:
        """At most ``limit`` REST requests per ``per`` seconds (Discord: 50/s); ``None`` switches it off.

        Interaction callbacks and webhook routes are exempt, as on Discord. Over the limit the answer is
        a global 429 whose retry_after is the time left in the window.
        """
        self.global_limit = None if limit is None else FixedWindow(limit, per, self.clock)

    def set_route_rate_limit(
        self, method: str, path: str | re.Pattern[str] | None, limit: int, per: float, bucket: str | None = None
    ) -> RouteLimit:
        """A bucket of ``limit`` per ``per`` seconds for each channel/guild/webhook on the route; every answer
        on it carries real ``X-RateLimit-*`` headers, so discord.py also throttles itself pre-emptively."""
        route_limit = RouteLimit(
            method=method.upper(),
            pattern=compile_path_pattern(path),
            limit=limit,
            per=per,
            bucket=bucket or f"standin-{len(self.route_limits)}",
        )
        self.route_limits.append(route_limit)
        return route_limit

    # =====================================================================================================
    # gateway: events from Discord to the bot
    # =====================================================================================================
    async def dispatch(self, event: str, data: dict[str, Any], *, force: bool = False) -> int | None:
        """Sends a DISPATCH to the bot's session; returns its sequence number.

        While the bot is disconnected the event is only logged, and a RESUME replays it. Events the
        session's intents exclude are not sent (None is returned, ``filtered_events`` records them) unless
        ``force``. Raises when the bot has no session yet (it never IDENTIFYed, or closed with 1000).
        """
        session = self.session
        if session is None:
            raise RuntimeError(f"stand-in: no gateway session to dispatch {event} to")
        needed = gw.required_intent(event, data)
        if not force and needed is not None and not session.intents & needed:
            self.filtered_events.append((event, data))
            return None
        async with self._gateway_lock:
            frame = session.next_frame(event, data)
            if session.connection is not None:
                await session.connection.send(frame)
        self._notify()
        return int(frame["s"])

    async def _emit(self, event: str, data: dict[str, Any]) -> None:
        """An event caused by a REST change: sent only if there is a session (as Discord would)."""
        if self.session is not None:
            await self.dispatch(event, data)

    async def drop_connection(self, code: int | None = gw.UNKNOWN_ERROR) -> None:
        """Closes the bot's socket with ``code`` (4000: resumable), or without a close frame if None."""
        session = self.session
        connection = session.connection if session else None
        if connection is None:
            raise RuntimeError("stand-in: no connected gateway session to drop")
        async with self._gateway_lock:
            assert session is not None
            session.connection = None
            connection.dropped_by_server = True
        if code is None:
            transport = connection.request.transport
            if transport is not None:
                transport.abort()
        else:
            await connection.ws.close(code=code, message=b"stand-in dropped the connection")
        self._notify()

    def hold_connections(self) -> None:
        """New gateway sockets are accepted but get no HELLO until :meth:`release_connections` — so a test
        can act while the bot is certainly disconnected."""
        self._gateway_open.clear()

    def release_connections(self) -> None:
        self._gateway_open.set()

    async def send_reconnect(self) -> None:
        """Opcode 7: the bot should reconnect and RESUME."""
        connection = self._live_connection()
        await connection.send({"op": gw.RECONNECT, "d": None, "s": None, "t": None})

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Opcode 9. Not resumable: discord.py re-IDENTIFYs (after a 5 s sleep in before_identify_hook)."""
        connection = self._live_connection()
        if not resumable and self.session is not None:
            self.session.resumable = False
        await connection.send({"op": gw.INVALID_SESSION, "d": resumable, "s": None, "t": None})

    def _live_connection(self) -> gw.GatewayConnection:
        if self.session is None or self.session.connection is None:
            raise RuntimeError("stand-in: no connected gateway session")
        return self.session.connection

    async def dispatch_guild_create(self, guild_id: int) -> int | None:
        """The bot joined (or regained) a guild: GUILD_CREATE with the full guild."""
        session = self.session
        intents = session.intents if session else 0
        return await self.dispatch(
            "GUILD_CREATE", self.world.guild_create_payload(self.guild(guild_id), intents=intents)
        )

    # --- interactions --------------------------------------------------------------------------------------
    async def dispatch_slash_command(
        self,
        command: str,
        options: Mapping[str, Any] | list[dict[str, Any]] | None = None,
        *,
        channel_id: int,
        user_id: int,
        locale: str = "en-US",
        resolved: dict[str, Any] | None = None,
        require_registered: bool = True,
    ) -> InteractionRecord:
        """INTERACTION_CREATE type 2 for ``command`` (``"group sub"`` for subcommands, up to three words).

        ``options`` maps leaf option names to values (types taken from the synced command, else guessed;
        user/role/channel options get ``resolved`` data), or is the raw option list. The command must
        have been synced to the channel's guild or globally, as on Discord, unless ``require_registered``
        is False.
        """
        data = self._command_data(
            command,
            options,
            channel_id=channel_id,
            focused=None,
            resolved=resolved,
            require_registered=require_registered,
        )
        return await self._dispatch_interaction(p.APPLICATION_COMMAND, data, channel_id, user_id, locale)

    async def dispatch_autocomplete(
        self,
        command: str,
        options: Mapping[str, Any] | None,
        focused: str,
        *,
        channel_id: int,
        user_id: int,
        locale: str = "en-US",
        require_registered: bool = True,
    ) -> InteractionRecord:
        """INTERACTION_CREATE type 4: ``focused`` names the option being typed (its value is the partial text)."""
        values = dict(options or {})
        values.setdefault(focused, "")
        data = self._command_data(
            command,
            values,
            channel_id=channel_id,
            focused=focused,
            resolved=None,
            require_registered=require_registered,
        )
        return await self._dispatch_interaction(p.APPLICATION_COMMAND_AUTOCOMPLETE, data, channel_id, user_id, locale)

    def _find_command(self, name: str, guild_id: int | None) -> dict[str, Any] | None:
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self.world.commands.get(scope, []):
                if command["name"] == name and int(command.get("type", 1)) == 1:
                    return command
        return None

    def _command_data(
        self,
        command_path: str,
        options: Mapping[str, Any] | list[dict[str, Any]] | None,
        *,
        channel_id: int,
        focused: str | None,
        resolved: dict[str, Any] | None,
        require_registered: bool,
    ) -> dict[str, Any]:
        guild = self.world.guild_of_channel(channel_id)
        parts = command_path.split()
        command = self._find_command(parts[0], guild.id if guild else None)
        if command is None and require_registered:
            raise LookupError(f"stand-in: /{parts[0]} is not synced to this guild or globally")
        data: dict[str, Any] = {
            "id": command["id"] if command else str(self.snowflakes.next()),
            "name": parts[0],
            "type": 1,
        }
        if command is not None and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        container = data
        definitions: list[dict[str, Any]] = list(command.get("options") or []) if command else []
        for depth, part in enumerate(parts[1:], start=1):
            definition = next((d for d in definitions if d["name"] == part), None)
            if definition is not None:
                kind = int(definition["type"])
            else:
                kind = p.OPTION_SUB_COMMAND if depth == len(parts) - 1 else p.OPTION_SUB_COMMAND_GROUP
            node: dict[str, Any] = {"name": part, "type": kind, "options": []}
            container.setdefault("options", []).append(node)
            container = node
            definitions = list(definition.get("options") or []) if definition else []
        resolved_data: dict[str, Any] = dict(resolved or {})
        if isinstance(options, list):
            leaves = options
        else:
            leaves = []
            for name, value in (options or {}).items():
                definition = next((d for d in definitions if d["name"] == name), None)
                kind = int(definition["type"]) if definition else self._guess_option_type(value)
                leaf: dict[str, Any] = {"name": name, "type": kind, "value": value}
                if name == focused:
                    leaf["focused"] = True
                    leaf["value"] = str(value)
                else:
                    self._resolve(kind, value, guild, resolved_data)
                leaves.append(leaf)
        container["options"] = leaves
        if resolved_data:
            data["resolved"] = resolved_data
        return data

    @staticmethod
    def _guess_option_type(value: Any) -> int:
        if isinstance(value, bool):
            return p.OPTION_BOOLEAN
        if isinstance(value, int):
            return p.OPTION_INTEGER
        if isinstance(value, float):
            return p.OPTION_NUMBER
        return p.OPTION_STRING

    def _resolve(self, kind: int, value: Any, guild: Guild | None, resolved: dict[str, Any]) -> None:
        """Discord sends the objects behind user/role/channel option values in ``data.resolved``."""
        if kind not in (p.OPTION_USER, p.OPTION_CHANNEL, p.OPTION_ROLE, p.OPTION_MENTIONABLE):
            return
        object_id = int(value)
        if kind in (p.OPTION_USER, p.OPTION_MENTIONABLE) and object_id in self.world.users:
            resolved.setdefault("users", {})[str(object_id)] = copy.deepcopy(self.world.users[object_id])
            if guild is not None and object_id in guild.members:
                member = self.world.member_payload(guild, object_id, with_user=False)
                member["permissions"] = str(self.world.permissions(guild, object_id))
                resolved.setdefault("members", {})[str(object_id)] = member
        elif kind in (p.OPTION_ROLE, p.OPTION_MENTIONABLE) and guild is not None and object_id in guild.roles:
            resolved.setdefault("roles", {})[str(object_id)] = copy.deepcopy(guild.roles[object_id])
        elif kind == p.OPTION_CHANNEL:
            channel = self.world.channel(object_id)
            if channel is not None:
                entry: dict[str, Any] = {k: channel[k] for k in ("id", "type", "name", "parent_id") if k in channel}
                entry["permissions"] = str((1 << 53) - 1)
                resolved.setdefault("channels", {})[str(object_id)] = entry

    async def _dispatch_interaction(
        self, kind: int, data: dict[str, Any], channel_id: int, user_id: int, locale: str
    ) -> InteractionRecord:
        channel = self.world.channel(channel_id)
        if channel is None:
            raise LookupError(f"stand-in: unknown channel {channel_id}")
        guild = self.world.guild_of_channel(channel_id)
        interaction_id = self.snowflakes.next()
        token = self.world.new_interaction_token()
        channel_payload = copy.deepcopy(channel)
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "channel_id": str(channel_id),
            "token": token,
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild is not None:
            if user_id not in guild.members:
                raise LookupError(f"stand-in: user {user_id} is not a member of guild {guild.id}")
            member = self.world.member_payload(guild, user_id)
            member["permissions"] = str(self.world.permissions(guild, user_id))
            channel_payload["permissions"] = member["permissions"]
            payload.update(
                {
                    "guild_id": str(guild.id),
                    "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
                    "guild_locale": guild.locale,
                    "member": member,
                    "app_permissions": str(self.world.permissions(guild, self.bot_user_id)),
                    "authorizing_integration_owners": {"0": str(guild.id)},
                    "context": 0,
                }
            )
        else:
            payload.update(
                {
                    "user": copy.deepcopy(self.world.users[user_id]),
                    "app_permissions": str(p.EVERYONE_PERMISSIONS),
                    "authorizing_integration_owners": {"0": "0"},
                    "context": 1,
                }
            )
        payload["channel"] = channel_payload
        record = InteractionRecord(
            id=interaction_id,
            token=token,
            type=kind,
            payload=payload,
            created_at=self.clock(),
            guild_id=guild.id if guild else None,
            channel_id=channel_id,
            user_id=user_id,
        )
        self.world.interactions[interaction_id] = record
        self.world.interaction_tokens[token] = interaction_id
        await self.dispatch("INTERACTION_CREATE", payload)
        return record

    # --- what users do ---------------------------------------------------------------------------------
    async def add_reaction(self, channel_id: int, message_id: int, emoji: str, user_id: int) -> int | None:
        """A user reacts: the Discord side changes and MESSAGE_REACTION_ADD goes to the bot (intent allowing)."""
        self._require_message(channel_id, message_id)
        users = self.world.reactions.setdefault(message_id, {}).setdefault(emoji, [])
        if user_id in users:
            return None
        users.append(user_id)
        return await self.dispatch("MESSAGE_REACTION_ADD", self._reaction_event(channel_id, message_id, emoji, user_id))

    async def remove_reaction(self, channel_id: int, message_id: int, emoji: str, user_id: int) -> int | None:
        self._require_message(channel_id, message_id)
        users = self.world.reactions.get(message_id, {}).get(emoji, [])
        if user_id not in users:
            return None
        users.remove(user_id)
        data = self._reaction_event(channel_id, message_id, emoji, user_id, add=False)
        return await self.dispatch("MESSAGE_REACTION_REMOVE", data)

    async def post_message(self, channel_id: int, user_id: int, content: str, **fields: Any) -> dict[str, Any]:
        """A user writes in a channel: stored, and MESSAGE_CREATE goes to the bot if it has the intent."""
        if self.world.channel(channel_id) is None:
            raise LookupError(f"stand-in: unknown channel {channel_id}")
        message = self._store_message(channel_id, user_id, {"content": content, **fields})
        await self._emit("MESSAGE_CREATE", self._message_event(int(message["id"])))
        return self.message(int(message["id"]))

    def reaction_event_payload(
        self, channel_id: int, message_id: int, emoji: str, user_id: int, *, add: bool = True
    ) -> dict[str, Any]:
        """The MESSAGE_REACTION_ADD/REMOVE ``d`` Discord would send, for tests that dispatch raw events."""
        return self._reaction_event(channel_id, message_id, emoji, user_id, add=add)

    def _reaction_event(
        self, channel_id: int, message_id: int, emoji: str, user_id: int, *, add: bool = True
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user_id": str(user_id),
            "channel_id": str(channel_id),
            "message_id": str(message_id),
            "emoji": p.reaction_emoji(emoji),
            "burst": False,
            "type": 0,
        }
        guild = self.world.guild_of_channel(channel_id)
        if guild is not None:
            data["guild_id"] = str(guild.id)
            if add and user_id in guild.members:
                data["member"] = self.world.member_payload(guild, user_id)
        if add:
            data["burst_colors"] = []
            stored = self.world.messages.get(message_id)
            if stored is not None:
                data["message_author_id"] = stored["author"]["id"]
        return data

    def _require_message(self, channel_id: int, message_id: int) -> dict[str, Any]:
        stored = self.world.messages.get(message_id)
        if stored is None or int(stored["channel_id"]) != channel_id:
            raise LookupError(f"stand-in: no message {message_id} in channel {channel_id}")
        return stored

    def _register_routes(self) -> None:
        r = self._route
        r("GET", "/gateway", self._get_gateway, auth=False)
        r("GET", "/gateway/bot", self._get_gateway_bot)
        r("GET", "/users/@me", self._get_me)
        r("POST", "/users/@me/channels", self._open_dm)
        r("GET", "/users/@me/guilds", self._my_guilds)
        r("GET", "/users/{user_id}", self._get_user)
        r("GET", "/oauth2/applications/@me", self._get_application)
        r("GET", "/applications/@me", self._get_application)
        for scope in ("/applications/{application_id}", "/applications/{application_id}/guilds/{guild_id}"):
            r("GET", scope + "/commands", self._list_commands)
            r("PUT", scope + "/commands", self._put_commands)
            r("POST", scope + "/commands", self._post_command)
            r("GET", scope + "/commands/{command_id}", self._get_command)
            r("PATCH", scope + "/commands/{command_id}", self._patch_command)
            r("DELETE", scope + "/commands/{command_id}", self._delete_command)
        r("GET", "/guilds/{guild_id}", self._get_guild)
        r("GET", "/guilds/{guild_id}/channels", self._list_channels)
        r("POST", "/guilds/{guild_id}/channels", self._create_channel)
        r("GET", "/guilds/{guild_id}/roles", self._list_roles)
        r("POST", "/guilds/{guild_id}/roles", self._create_role)
        r("PATCH", "/guilds/{guild_id}/roles/{role_id}", self._edit_role)
        r("DELETE", "/guilds/{guild_id}/roles/{role_id}", self._delete_role)
        r("GET", "/guilds/{guild_id}/members", self._list_members)
        r("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member)
        r("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self._add_member_role)
        r("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self._remove_member_role)
        r("GET", "/channels/{channel_id}", self._get_channel)
        r("PATCH", "/channels/{channel_id}", self._edit_channel)
        r("DELETE", "/channels/{channel_id}", self._delete_channel)
        r("PUT", "/channels/{channel_id}/permissions/{overwrite_id}", self._put_overwrite)
        r("DELETE", "/channels/{channel_id}/permissions/{overwrite_id}", self._delete_overwrite)
        r("POST", "/channels/{channel_id}/typing", self._typing)
        r("GET", "/channels/{channel_id}/messages", self._history)
        r("POST", "/channels/{channel_id}/messages", self._create_message)
        reactions = "/channels/{channel_id}/messages/{message_id}/reactions"
        r("PUT", reactions + "/{emoji}/@me", self._add_own_reaction)
        r("DELETE", reactions + "/{emoji}/@me", self._remove_own_reaction)
        r("DELETE", reactions + "/{emoji}/{user_id}", self._remove_user_reaction)
        r("GET", reactions + "/{emoji}", self._reaction_users)
        r("DELETE", reactions + "/{emoji}", self._clear_emoji)
        r("DELETE", reactions, self._clear_reactions)
        r("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message)
        r("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message)
        r("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message)
        r("POST", "/interactions/{interaction_id}/{token}/callback", self._interaction_callback, auth=False)
        hook = "/webhooks/{application_id}/{token}"
        r("POST", hook, self._followup, auth=False)
        for message_part in ("/messages/@original", "/messages/{message_id}"):
            r("GET", hook + message_part, self._get_webhook_message, auth=False)
            r("PATCH", hook + message_part, self._edit_webhook_message, auth=False)
            r("DELETE", hook + message_part, self._delete_webhook_message, auth=False)

    # =====================================================================================================
    # gateway plumbing
    # =====================================================================================================
    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        query = dict(request.query)
        compressor = None
        if self.gateway_compression and query.get("compress") == "zlib-stream":
            compressor = gw.zlib_stream_compressor()
        connection = gw.GatewayConnection(ws=ws, request=request, path=request.path, query=query, compressor=compressor)
        self.gateway_connections.append(connection)
        self._notify()
        await self._gateway_open.wait()
        await connection.send(
            {
                "op": gw.HELLO,
                "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ['["gateway-standin",{"micros":0}]']},
                "s": None,
                "t": None,
            }
        )
        self._notify()
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    try:
                        frame = json.loads(message.data)
                    except ValueError:
                        await ws.close(code=gw.DECODE_ERROR, message=b"Error while decoding payload.")
                        break
                elif message.type == WSMsgType.BINARY:
                    await ws.close(code=gw.DECODE_ERROR, message=b"Error while decoding payload.")
                    break
                else:
                    break
                connection.received.append(frame)
                await self._gateway_op(connection, frame)
                self._notify()
        finally:
            connection.closed = True
            connection.close_code = ws.close_code
            async with self._gateway_lock:
                session = self.session
                if session is not None and session.connection is connection:
                    session.connection = None
                    # A client closing with 1000/1001 ends its session (Discord: the bot goes offline).
                    if not connection.dropped_by_server and ws.close_code in (1000, 1001):
                        session.resumable = False
            self._notify()
        return ws

    async def _gateway_op(self, connection: gw.GatewayConnection, frame: dict[str, Any]) -> None:
        op = frame.get("op")
        data = frame.get("d")
        if op == gw.HEARTBEAT:
            self.heartbeats += 1
            if self.ack_heartbeats:
                await connection.send({"op": gw.HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == gw.IDENTIFY:
            await self._identify(connection, data or {})
        elif op == gw.RESUME:
            await self._resume(connection, data or {})
        elif not connection.authenticated:
            await connection.ws.close(code=gw.NOT_AUTHENTICATED, message=b"Not authenticated.")
        elif op == gw.PRESENCE_UPDATE:
            self.presence_updates.append(data or {})
        elif op == gw.REQUEST_GUILD_MEMBERS:
            await self._request_members(data or {})
        elif op == gw.VOICE_STATE_UPDATE:
            pass
        else:
            await connection.ws.close(code=gw.UNKNOWN_OPCODE, message=b"Unknown opcode.")

    async def _identify(self, connection: gw.GatewayConnection, data: dict[str, Any]) -> None:
        self.identifies.append(data)
        if connection.authenticated:
            await connection.ws.close(code=gw.ALREADY_AUTHENTICATED, message=b"Already authenticated.")
            return
        if data.get("token") != self.token:
            await connection.ws.close(code=gw.AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        if "intents" not in data:
            await connection.ws.close(code=gw.INVALID_INTENTS, message=b"Invalid intent(s).")
            return
        intents = int(data["intents"])
        if intents & p.PRIVILEGED_INTENTS & ~self.privileged_intents:
            await connection.ws.close(code=gw.DISALLOWED_INTENTS, message=b"Disallowed intent(s).")
            return
        session = gw.GatewaySession(intents=intents, identify=data)
        async with self._gateway_lock:
            self.session = session
            self.sessions.append(session)
            connection.authenticated = True
            guilds = [g for g in self.world.guilds.values() if self.bot_user_id in g.members]
            ready: dict[str, Any] = {
                "v": 10,
                "user": self._me(),
                "user_settings": {},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.resume_gateway_url,
                "private_channels": [],
                "presences": [],
                "relationships": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": ["rotterdam", "madrid"],
                "application": {"id": str(self.application_id), "flags": self.application_flags},
                "_trace": ['["gateway-standin",{"micros":0}]'],
            }
            if "shard" in data:
                ready["shard"] = data["shard"]
            await connection.send(session.next_frame("READY", ready))
            for guild in guilds:
                await connection.send(
                    session.next_frame("GUILD_CREATE", self.world.guild_create_payload(guild, intents=intents))
                )
            session.connection = connection

    async def _resume(self, connection: gw.GatewayConnection, data: dict[str, Any]) -> None:
        self.resumes.append(data)
        if data.get("token") != self.token:
            await connection.ws.close(code=gw.AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        session = self.session
        seq = data.get("seq")
        if (
            session is None
            or not session.resumable
            or session.id != data.get("session_id")
            or not isinstance(seq, int)
            or seq > session.seq
        ):
            await connection.send({"op": gw.INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        async with self._gateway_lock:
            previous = session.connection
            session.connection = None
            connection.authenticated = True
            for frame in session.missed_since(seq):
                await connection.send(frame)
            await connection.send(session.next_frame("RESUMED", {"_trace": ['["gateway-standin",{"micros":0}]']}))
            session.connection = connection
        if previous is not None and previous is not connection and not previous.closed:
            previous.dropped_by_server = True
            await previous.ws.close(code=gw.UNKNOWN_ERROR)

    async def _request_members(self, data: dict[str, Any]) -> None:
        guild = self.world.guilds.get(int(data.get("guild_id", 0)))
        if guild is None or self.session is None:
            return
        wanted = data.get("user_ids")
        query = str(data.get("query") or "")
        limit = int(data.get("limit") or 0) or len(guild.members)
        if wanted is not None:
            wanted_ids = {int(x) for x in (wanted if isinstance(wanted, list) else [wanted])}
            ids = [uid for uid in guild.members if uid in wanted_ids]
        else:
            ids = [uid for uid in guild.members if self.world.users[uid]["username"].startswith(query)][:limit]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [self.world.member_payload(guild, uid) for uid in ids],
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)
