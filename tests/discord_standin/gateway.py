"""Gateway connections and sessions: framing (text or zlib-stream), sequence numbers and the replay log."""

from __future__ import annotations

import asyncio
import json
import uuid
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.discord_standin import payloads as p

# Opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes)
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
PRESENCE_UPDATE = 3
VOICE_STATE_UPDATE = 4
RESUME = 6
RECONNECT = 7
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

# Close codes
UNKNOWN_ERROR = 4000
UNKNOWN_OPCODE = 4001
DECODE_ERROR = 4002
NOT_AUTHENTICATED = 4003
AUTHENTICATION_FAILED = 4004
ALREADY_AUTHENTICATED = 4005
INVALID_INTENTS = 4013
DISALLOWED_INTENTS = 4014


@dataclass
class GatewayConnection:
    """One websocket. ``received`` keeps every frame the client sent, in order."""

    ws: web.WebSocketResponse
    request: web.Request
    path: str
    query: dict[str, str]
    compressor: Any = None
    received: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    authenticated: bool = False
    closed: bool = False
    dropped_by_server: bool = False
    close_code: int | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, frame: dict[str, Any]) -> bool:
        """Sends one frame; False when the socket is gone (the frame stays in the session log)."""
        data = json.dumps(frame, separators=(",", ":"))
        async with self.lock:
            if self.closed or self.ws.closed:
                return False
            try:
                if self.compressor is not None:
                    compressed = self.compressor.compress(data.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(compressed)
                else:
                    await self.ws.send_str(data)
            except (ConnectionError, RuntimeError):
                return False
        self.sent.append(frame)
        return True


@dataclass
class GatewaySession:
    """What IDENTIFY creates and RESUME continues: the sequence counter and every dispatch sent in it."""

    intents: int
    identify: dict[str, Any]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    seq: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)
    connection: GatewayConnection | None = None
    resumable: bool = True

    def next_frame(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.log.append(frame)
        return frame

    def missed_since(self, seq: int) -> list[dict[str, Any]]:
        return [frame for frame in self.log if frame["s"] > seq]


_GUILD_SCOPED_INTENTS = {
    "MESSAGE_": (p.GUILD_MESSAGES, p.DIRECT_MESSAGES),
    "MESSAGE_REACTION_": (p.GUILD_MESSAGE_REACTIONS, p.DIRECT_MESSAGE_REACTIONS),
    "TYPING_START": (p.GUILD_MESSAGE_TYPING, p.DIRECT_MESSAGE_TYPING),
}
_FIXED_INTENTS = {
    "GUILD_MEMBER_ADD": p.GUILD_MEMBERS,
    "GUILD_MEMBER_UPDATE": p.GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": p.GUILD_MEMBERS,
    "PRESENCE_UPDATE": p.GUILD_PRESENCES,
    "GUILD_UPDATE": p.GUILDS,
    "GUILD_DELETE": p.GUILDS,
}


def required_intent(event: str, data: dict[str, Any]) -> int | None:
    """The intent without which Discord does not send ``event`` (None: always sent)."""
    if event in _FIXED_INTENTS:
        return _FIXED_INTENTS[event]
    if event.startswith(("GUILD_ROLE_", "CHANNEL_", "THREAD_")):
        return p.GUILDS
    # The longest matching prefix decides: MESSAGE_REACTION_ADD is a reaction, not a message event.
    prefixes = sorted((k for k in _GUILD_SCOPED_INTENTS if event.startswith(k)), key=len, reverse=True)
    if not prefixes:
        return None
    in_guild, in_dm = _GUILD_SCOPED_INTENTS[prefixes[0]]
    return in_guild if data.get("guild_id") is not None else in_dm


def zlib_stream_compressor() -> Any:
    return zlib.compressobj()
