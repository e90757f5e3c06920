"""Who is a community admin on Matrix: the configured admins (``matrix.admins``), whoever made the space and
whoever invited the bot into it, and anyone with power level 50 or more there (room v12: its creators too).

At start they are told to the core, which makes them members and admins while the community has none (the first
is welcomed); in a space the bot made itself, the first configured admin gets power level 100 there.
"""

from __future__ import annotations

import logging
import time

from nio import AsyncClient

from adapters.matrix import space
from adapters.matrix.gateway import PLATFORM
from bot.domain.models import Community
from bot.inbound import Inbound
from bot.settings import MatrixSettings

log = logging.getLogger(__name__)

ADMIN_POWER = 50
_CACHE_SECONDS = 60.0


class SpaceAdmins:
    def __init__(self, client: AsyncClient, settings: MatrixSettings, inbound: Inbound) -> None:
        self._client = client
        self._settings = settings
        self._inbound = inbound
        self._space = ""
        #: Who made the space and who invited the bot into it: admins whatever their power level.
        self._founders: list[str] = []
        self._cache: tuple[float, set[str]] = (0.0, set())

    async def start(self, space_id: str, community: Community, state: space.Events) -> None:
        """Read who is in charge from the space's state, give the first configured admin power in a space the bot
        made, and tell the core (which makes the first admins members and welcomes the first)."""
        self._space = space_id
        inviter = await self._inviter(state)
        bot = self._client.user_id
        self._founders = [user for user in (inviter, space.creator(state)) if user and user != bot]
        configured = list(self._settings.admins)
        made_here = not self._settings.space_id
        if made_here and configured and await space.empower(self._client, space_id, configured[0], state):
            self._cache = (0.0, set())
        await self._inbound.first_admins(PLATFORM, community, [*configured, *self._founders])
        if not configured and not self._founders:
            log.warning(
                "no Matrix user is a community admin by the settings: the bot made the space %s itself, so name the "
                "first admin in matrix.admins (they get power level %d there; %d or more makes an admin too)",
                space_id,
                space.FIRST_ADMIN_POWER,
                ADMIN_POWER,
            )

    async def is_admin(self, user_id: str) -> bool:
        if user_id in self._settings.admins or user_id in self._founders:
            return True
        fetched_at, admins = self._cache
        if time.monotonic() - fetched_at > _CACHE_SECONDS:
            admins = await self._powerful()
            self._cache = (time.monotonic(), admins)
        return user_id in admins

    async def _powerful(self) -> set[str]:
        """Power level 50 or more in the space, and its creators named in ``m.room.create``."""
        admins: set[str] = set()
        levels = await self._client.room_get_state_event(self._space, "m.room.power_levels")
        for user, level in getattr(levels, "content", {}).get("users", {}).items():
            if isinstance(level, int) and level >= ADMIN_POWER:
                admins.add(user)
        create = await self._client.room_get_state_event(self._space, "m.room.create")
        content = getattr(create, "content", {})
        admins.update(content.get("additional_creators", []))
        creator = content.get("creator")  # before room v11 the creator is named in the content
        if creator:
            admins.add(creator)
        return admins - {self._client.user_id}

    async def _inviter(self, state: space.Events) -> str | None:
        """Who invited the bot into the space, looked up once and kept ("" for nobody: it made or joined it itself)."""
        key = f"inviter:{self._space}"
        stored = await self._inbound.state.get(PLATFORM, key)
        if stored is not None:
            return stored or None
        if not state:
            return None  # unknown for now: looked for again at the next start
        found = await space.inviter(self._client, self._space, state)
        await self._inbound.state.put(PLATFORM, key, found or "")
        return found
