"""Power levels the bot sets where it looks after the rooms, worked out from a room's state (the gateway reads and
writes them): moderator (50) for a section's coordinators in its room and for community admins in the space, and an
archived section's room made read-only.

Only what the bot gave is taken back: a coordinator who stops coordinating loses level 50 if 50 is what they have
(someone an admin raised to 100 keeps it). In room version 12 a room's creators outrank every level and may not be
listed in ``users`` at all (Synapse refuses such a power-levels event): they are left alone.

An archived room's ``events_default`` goes above every moderator (the bot, the room's creator, still posts); what it
was before is kept in the room itself, in an ``org.netgroups.archived`` state event, so restoring puts it back.
"""

from __future__ import annotations

from typing import Any

MODERATOR = 50
#: What posting takes in an archived room: more than any moderator has.
READ_ONLY = 100
POWER_LEVELS = "m.room.power_levels"
ARCHIVED_STATE = "org.netgroups.archived"
#: Room versions where the creators outrank every power level (and are listed in no ``users`` map).
_CREATORS_OUTRANK = frozenset({"12", "org.matrix.hydra.11"})

#: State events to send, in order: (event type, content), each with the empty state key.
Changes = list[tuple[str, dict[str, Any]]]


class RoomPower:
    """One room's power levels, its creators, and the bot's note of an archived room, from the room's state."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.levels: dict[str, Any] = _content(events, POWER_LEVELS)
        self.note: dict[str, Any] = _content(events, ARCHIVED_STATE)
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

    @property
    def archived(self) -> bool:
        """The bot made this room read-only (and noted what posting took before)."""
        return "events_default" in self.note

    def read_only(self) -> Changes:
        """Nobody below ``READ_ONLY`` posts: the note of what posting took, then the power levels."""
        if self.archived:
            return []
        before = _int(self.levels.get("events_default"), 0)
        changes: Changes = [(ARCHIVED_STATE, {"events_default": before})]
        if before < READ_ONLY:
            changes.append((POWER_LEVELS, {**self.levels, "events_default": READ_ONLY}))
        return changes

    def writable(self) -> Changes:
        """Posting takes what it took before the bot archived the room; the note is emptied."""
        if not self.archived:
            return []
        before = _int(self.note["events_default"], 0)
        changes: Changes = []
        if _int(self.levels.get("events_default"), 0) != before:
            changes.append((POWER_LEVELS, {**self.levels, "events_default": before}))
        changes.append((ARCHIVED_STATE, {}))
        return changes


def _content(events: list[dict[str, Any]], event_type: str) -> dict[str, Any]:
    event = next((e for e in events if e.get("type") == event_type and e.get("state_key") == ""), None)
    content = event.get("content") if event else None
    return dict(content) if isinstance(content, dict) else {}


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default
