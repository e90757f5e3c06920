"""matrix-nio's client, parsing less of the bot's own echo.

Every event the bot sends comes back to it in its next sync, and nio validates each event of a sync response
against its JSON schema before the bot looks at it (and skips it: ``app._batch`` ignores the bot's own events). In a
fan-out that is four events per meeting call (the call and its three seed reactions), and their validation was
about a third of the bot's CPU per call (benchmarks/README, Matrix fan-out). So the bot's own timeline events that
change no state (messages, reactions, edits, redactions) are dropped from the sync response before nio parses it.
Its own state events (a room made, a name or power level set, its joins) stay: nio keeps its rooms' state from them.

Filtering them out on the homeserver instead (``not_senders``) cost Synapse twice the CPU per event: it still wakes
the long-poll for each and answers with nothing.
"""

from __future__ import annotations

from typing import Any

from aiohttp import ClientResponse
from nio import AsyncClient


class BotClient(AsyncClient):  # type: ignore[misc]  # nio has no type information
    async def parse_body(self, transport_response: ClientResponse) -> dict[Any, Any]:
        body: dict[Any, Any] = await super().parse_body(transport_response)
        if transport_response.url.path.endswith("/sync"):
            drop_own_echo(body, self.user_id)
        return body


def drop_own_echo(body: dict[Any, Any], user_id: str) -> int:
    """Remove the user's own timeline events without a ``state_key`` from a sync response's joined rooms; returns
    how many were removed. Anything not shaped as expected is left for nio to judge."""
    removed = 0
    rooms = body.get("rooms")
    joined = rooms.get("join") if isinstance(rooms, dict) else None
    if not isinstance(joined, dict):
        return 0
    for room in joined.values():
        timeline = room.get("timeline") if isinstance(room, dict) else None
        if not isinstance(timeline, dict) or not isinstance(timeline.get("events"), list):
            continue
        events = timeline["events"]
        kept = [event for event in events if not _own_echo(event, user_id)]
        removed += len(events) - len(kept)
        timeline["events"] = kept
    return removed


def _own_echo(event: Any, user_id: str) -> bool:
    return isinstance(event, dict) and event.get("sender") == user_id and "state_key" not in event
