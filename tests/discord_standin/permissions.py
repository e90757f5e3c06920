"""Discord's permission arithmetic, as its developer documentation gives it ("Permissions": computing base
permissions and permission overwrites), and the rules for who may edit overwrites.

Base permissions: the guild's owner has all; otherwise @everyone's permissions and those of each of the member's roles
together, all of them with ADMINISTRATOR. In a channel: @everyone's overwrite (deny, then allow), then the member's
role overwrites taken together (all denies, then all allows), then the member's own overwrite. Without VIEW_CHANNEL in
a channel a member has no permission there at all.
"""

from __future__ import annotations

from typing import Any

from tests.discord_standin import payloads as p
from tests.discord_standin.payloads import DiscordError
from tests.discord_standin.world import Guild, World

ROLE, MEMBER = 0, 1


def in_channel(world: World, guild: Guild, channel: dict[str, Any], user_id: int) -> int:
    """The member's permissions in ``channel``, its overwrites applied."""
    value = world.permissions(guild, user_id)
    if value & p.ADMINISTRATOR:
        return value
    overwrites = {(int(o["type"]), int(o["id"])): o for o in channel.get("permission_overwrites", [])}
    everyone = overwrites.get((ROLE, guild.id))
    if everyone is not None:
        value = (value & ~int(everyone["deny"])) | int(everyone["allow"])
    allow = deny = 0
    for role_id in guild.members[user_id].roles:
        overwrite = overwrites.get((ROLE, role_id))
        if overwrite is not None:
            allow |= int(overwrite["allow"])
            deny |= int(overwrite["deny"])
    value = (value & ~deny) | allow
    own = overwrites.get((MEMBER, user_id))
    if own is not None:
        value = (value & ~int(own["deny"])) | int(own["allow"])
    return value if value & p.VIEW_CHANNEL else 0


def require(world: World, guild: Guild, channel: dict[str, Any], user_id: int, needed: int) -> None:
    """403 Missing Permissions unless the member has every bit of ``needed`` in the channel."""
    if in_channel(world, guild, channel, user_id) & needed != needed:
        raise DiscordError(403, p.error_body(p.MISSING_PERMISSIONS))


def may_set_overwrites(
    world: World, guild: Guild, channel: dict[str, Any], user_id: int, changed: list[dict[str, Any]]
) -> None:
    """Editing overwrites takes MANAGE_ROLES in the channel, and only permissions the bot has in the guild may be
    allowed or denied (unless it has a MANAGE_ROLES overwrite of its own in the channel): else 403."""
    require(world, guild, channel, user_id, p.MANAGE_ROLES)
    own = world.permissions(guild, user_id)
    if own & p.ADMINISTRATOR or _manage_roles_overwrite(guild, channel, user_id):
        return
    for overwrite in changed:
        if (int(overwrite.get("allow") or 0) | int(overwrite.get("deny") or 0)) & ~own:
            raise DiscordError(403, p.error_body(p.MISSING_PERMISSIONS))


def _manage_roles_overwrite(guild: Guild, channel: dict[str, Any], user_id: int) -> bool:
    targets = {(ROLE, guild.id), (MEMBER, user_id), *((ROLE, role) for role in guild.members[user_id].roles)}
    return any(
        (int(o["type"]), int(o["id"])) in targets and int(o["allow"]) & p.MANAGE_ROLES
        for o in channel.get("permission_overwrites", [])
    )
