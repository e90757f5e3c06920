"""The community's Matrix space as the bot reads it at start: who made it, who invited the bot into it, which
section rooms it lists, and the power levels the bot may have to set in a space it made itself.

All of it comes from one read of the space's state (``GET /rooms/{space}/state``); nio's error objects become
a warning and an empty answer here: the bot works without any of it, and tries again at its next start.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from nio import AsyncClient, JoinResponse, RoomGetEventResponse, RoomGetStateResponse, RoomPutStateResponse

from adapters.matrix.gateway import within_rate_limits

log = logging.getLogger(__name__)

#: What the first configured admin gets in a space the bot made (where the bot is otherwise the only power user).
FIRST_ADMIN_POWER = 100
#: How far back through the bot's own membership changes in the space its invitation is looked for.
_MEMBERSHIP_STEPS = 5

Events = list[dict[str, Any]]


async def enter(client: AsyncClient, space: str) -> None:
    """Join a configured space the bot is only invited to (it adds its section rooms there at start)."""
    own = await client.room_get_state_event(space, "m.room.member", client.user_id)
    if getattr(own, "content", {}).get("membership") == "join":
        return
    joined = await within_rate_limits(functools.partial(client.join, space), f"joining the space {space}")
    if not isinstance(joined, JoinResponse):
        log.warning("could not join the space %s: %s", space, getattr(joined, "message", joined))
    else:
        log.info("joined the space %s", space)


async def state(client: AsyncClient, space: str) -> Events:
    """The space's state events (raw JSON); none when they cannot be read now."""
    found = await client.room_get_state(space)
    if not isinstance(found, RoomGetStateResponse):
        log.warning("could not read the space's state: %s", getattr(found, "message", found))
        return []
    return list(found.events)


def children(events: Events) -> set[str]:
    """The rooms the space lists (an ``m.space.child`` with ``via``; one without is a removed child)."""
    return {
        str(event.get("state_key"))
        for event in events
        if event.get("type") == "m.space.child" and event.get("content", {}).get("via")
    }


def creator(events: Events) -> str | None:
    """Who made the space: the sender of its ``m.room.create`` (room v11 and later name no creator inside)."""
    create = next((event for event in events if event.get("type") == "m.room.create"), None)
    return str(create["sender"]) if create and create.get("sender") else None


async def inviter(client: AsyncClient, space: str, events: Events) -> str | None:
    """Who invited the bot into the space: the sender of the invitation its join replaced (followed back through
    the bot's own later membership changes, a few at most); None when it joined uninvited."""
    event = next((e for e in events if e.get("type") == "m.room.member" and e.get("state_key") == client.user_id), None)
    for _ in range(_MEMBERSHIP_STEPS):
        if event is None:
            return None
        content = event.get("content", {})
        if content.get("membership") == "invite":
            return str(event.get("sender"))
        previous = event.get("unsigned", {}).get("replaces_state")
        if content.get("membership") != "join" or not previous:
            return None
        fetched = await client.room_get_event(space, previous)
        event = fetched.event.source if isinstance(fetched, RoomGetEventResponse) else None
    return None


async def empower(client: AsyncClient, space: str, user: str, events: Events) -> bool:
    """Give ``user`` power level 100 in the space unless they have it; True when it was given now."""
    levels = next(
        (e.get("content", {}) for e in events if e.get("type") == "m.room.power_levels" and e.get("state_key") == ""),
        None,
    )
    if levels is None:
        return False
    users = dict(levels.get("users", {}))
    if users.get(user, levels.get("users_default", 0)) >= FIRST_ADMIN_POWER:
        return False
    users[user] = FIRST_ADMIN_POWER
    put = await within_rate_limits(
        lambda: client.room_put_state(space, "m.room.power_levels", {**levels, "users": users}),
        f"giving {user} power in the space",
    )
    if not isinstance(put, RoomPutStateResponse):
        log.warning("could not give %s power level 100 in the space: %s", user, getattr(put, "message", put))
        return False
    log.info("gave %s power level %d in the space the bot made", user, FIRST_ADMIN_POWER)
    return True
