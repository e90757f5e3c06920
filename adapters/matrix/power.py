"""Power levels the bot sets where it looks after the rooms, worked out from a room's state (the gateway reads and
writes them): moderator (50) for a section's coordinators in its room and for community admins in the space.

Only what the bot gave is taken back: a coordinator who stops coordinating loses level 50 if 50 is what they have
(someone an admin raised to 100 keeps it). In room version 12 a room's creators outrank every level and may not be
listed in ``users`` at all (Synapse refuses such a power-levels event): they are left alone.
"""

from __future__ import annotations

from typing import Any

MODERATOR = 50
POWER_LEVELS = "m.room.power_levels"
#: Room versions where the creators outrank every power level (and are listed in no ``users`` map).
_CREATORS_OUTRANK = frozenset({"12", "org.matrix.hydra.11"})

#: State events to send, in order: (event type, content), each with the empty state key.
Changes = list[tuple[str, dict[str, Any]]]


class RoomPower:
    """One room's power levels and its creators, from the room's state."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.levels: dict[str, Any] = _content(events, POWER_LEVELS)
        create = next((e for e in events if e.get("type") == "m.room.create" and e.get("state_key") == ""), {})
        content = create.get("content") or {}
        self.creators: set[str] = set()
        if str(content.get("room_version", "1")) in _CREATORS_OUTRANK:
            self.creators = {str(create.get("sender")), *content.get("additional_creators", [])}

    def level(self, user: str) -> int:
        return _int(self.levels.get("users", {}).get(user), _int(self.levels.get("users_default"), 0))

    def raised(self, user: str, level: int = MODERATOR) -> Changes:
        """Give ``user`` at least ``level`` (nothing when they have it, or are one of the room's creators)."""
        if user in self.creators or self.level(user) >= level:
            return []
        return [(POWER_LEVELS, {**self.levels, "users": {**self.levels.get("users", {}), user: level}})]

    def lowered(self, user: str, level: int = MODERATOR) -> Changes:
        """Take ``level`` back from ``user`` when that is exactly what they have (the bot's own grant)."""
        users: dict[str, Any] = self.levels.get("users", {})
        if users.get(user) != level:
            return []
        kept = {name: power for name, power in users.items() if name != user}
        return [(POWER_LEVELS, {**self.levels, "users": kept})]


def _content(events: list[dict[str, Any]], event_type: str) -> dict[str, Any]:
    event = next((e for e in events if e.get("type") == event_type and e.get("state_key") == ""), None)
    content = event.get("content") if event else None
    return dict(content) if isinstance(content, dict) else {}


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default
