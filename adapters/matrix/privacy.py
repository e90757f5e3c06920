"""A sensitive section's room made private to its members, or back to a normal section's, worked out from the room's
state (the gateway reads and writes it, and the space's listing of the room).

Every section room is made with the ``private_chat`` preset: invite-only (members get in by the bot's invitation when
they join the section), ``shared`` history, not in the room directory, and listed in the community's space. A
sensitive section's room differs in three ways:

- its history is visible from the invitation on (``invited``), not ``shared``: the bot invites a member at the moment
  they join the section, so they read everything posted since they are a member (a meeting call posted before they
  accepted the invitation too, which ``joined`` would hide from them, with nothing gained: only members are invited),
  and nothing from before — not who joined and left earlier, which is what is sensitive;
- it is not listed in the space (its ``m.space.child`` is emptied): the space's members do not see it among the
  rooms to join; its own ``m.space.parent`` stays, so members' clients still show it under the space;
- it is taken out of the room directory if someone published it there;
- whoever is in it (or invited) without being in the section is removed: someone who left the section while it was
  a normal one kept their place in the room, and would see who joins it next.

Its join rule is ``invite`` like every section room's; one changed by hand (``public``, say) is set back.
"""

from __future__ import annotations

from typing import Any

from adapters.matrix.power import Changes

HISTORY = "m.room.history_visibility"
JOIN_RULES = "m.room.join_rules"
SPACE_CHILD = "m.space.child"
PRIVATE_HISTORY = "invited"
#: What the ``private_chat`` preset gives every section room.
OPEN_HISTORY = "shared"
INVITE_ONLY = "invite"


def initial_state(private: bool) -> list[dict[str, Any]]:
    """State a new section room starts with, beyond its preset's: a sensitive one's history from the invitation on."""
    if not private:
        return []
    return [{"type": HISTORY, "state_key": "", "content": {"history_visibility": PRIVATE_HISTORY}}]


def room_changes(events: list[dict[str, Any]], *, private: bool) -> Changes:
    """The state events that make the room private to its members (or give it a normal section's history again);
    none when it is so already."""
    changes: Changes = []
    if private and _content(events, JOIN_RULES).get("join_rule") != INVITE_ONLY:
        changes.append((JOIN_RULES, {"join_rule": INVITE_ONLY}))
    history = PRIVATE_HISTORY if private else OPEN_HISTORY
    if _content(events, HISTORY).get("history_visibility") != history:
        changes.append((HISTORY, {"history_visibility": history}))
    return changes


def present(events: list[dict[str, Any]]) -> set[str]:
    """Who is in the room or invited to it, from its ``m.room.member`` events."""
    return {
        str(e.get("state_key"))
        for e in events
        if e.get("type") == "m.room.member" and (e.get("content") or {}).get("membership") in ("join", "invite")
    }


def listed(child: dict[str, Any] | None) -> bool:
    """Whether the space lists a room, from its ``m.space.child`` content (one without ``via`` is a removed child)."""
    return bool(child and child.get("via"))


def _content(events: list[dict[str, Any]], event_type: str) -> dict[str, Any]:
    event = next((e for e in events if e.get("type") == event_type and e.get("state_key") == ""), None)
    content = event.get("content") if event else None
    return dict(content) if isinstance(content, dict) else {}
