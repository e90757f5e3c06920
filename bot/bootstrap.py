"""The composition root: builds the database, services, registry and translator, and nothing else does."""

from __future__ import annotations

from dataclasses import dataclass

from bot.bus import EventBus
from bot.clock import Clock
from bot.commands.context import Services
from bot.commands.handlers import build_registry
from bot.i18n import Translator
from bot.services.communities import CommunityService
from bot.services.profiles import ProfileService
from bot.services.sections import SectionService
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.unit_of_work import Store


@dataclass
class Core:
    settings: Settings
    database: Database
    bus: EventBus
    services: Services

    async def close(self) -> None:
        await self.database.close()


async def build_core(settings: Settings, clock: Clock, *, database_url: str | None = None) -> Core:
    database = await Database.open(database_url or settings.storage.url())
    bus = EventBus()
    store = Store(database, bus)
    services = Services(
        communities=CommunityService(store, clock),
        sections=SectionService(store, clock, require_approval=settings.sections.require_approval),
        profiles=ProfileService(store, clock),
        registry=build_registry(),
        translator=Translator(),
        clock=clock,
    )
    return Core(settings=settings, database=database, bus=bus, services=services)
