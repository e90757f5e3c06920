"""The composition root: builds the database, services, registry, translator and delivery.

Nothing else constructs these; adapters receive the Core and add their gateways to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.bus import EventBus
from bot.clock import Clock
from bot.commands.context import Services
from bot.commands.handlers import build_registry
from bot.delivery.edits import CallEditor
from bot.delivery.faults import FaultPoints
from bot.delivery.planner import Planner
from bot.delivery.read_back import ReadBackBudget, Reconciler
from bot.delivery.reconcile import MemberResolver, reconcile_call
from bot.delivery.worker import DeliveryWorker
from bot.events import CallPosted, DeliveriesQueued, Event
from bot.i18n import Translator
from bot.ports import ChatGateway, SentMessage
from bot.services.agenda import AgendaService
from bot.services.communities import CommunityService
from bot.services.identities import IdentityService
from bot.services.meetings import MeetingService
from bot.services.member_cache import MemberCache
from bot.services.memos import MemoService
from bot.services.needs import NeedsService
from bot.services.platform_state import PlatformStateService
from bot.services.profiles import ProfileService
from bot.services.rsvps import RsvpService
from bot.services.sections import SectionService
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.unit_of_work import Store


@dataclass
class Core:
    settings: Settings
    clock: Clock
    database: Database
    store: Store
    bus: EventBus
    services: Services
    worker: DeliveryWorker
    editor: CallEditor
    platform_state: PlatformStateService
    reconciler: Reconciler
    gateways: dict[str, ChatGateway] = field(default_factory=dict)
    resolvers: dict[str, MemberResolver] = field(default_factory=dict)
    budgets: dict[str, ReadBackBudget] = field(default_factory=dict)

    async def on_event(self, event: Event) -> None:
        if isinstance(event, CallPosted) and event.platform in self.gateways:
            await reconcile_call(
                self.gateways[event.platform],
                self.store,
                self.clock,
                self.services.rsvps,
                self.resolvers[event.platform],
                occurrence_id=event.occurrence_id,
                community_id=event.community_id,
                call=SentMessage(event.channel, event.message),
            )

    def add_gateway(self, gateway: ChatGateway, resolve: MemberResolver, budget: ReadBackBudget | None = None) -> None:
        """Let the core post on this platform; ``resolve`` names the platform's users as members, ``budget``
        is how fast open calls may be read back there (no limit when left out)."""
        self.gateways[gateway.platform] = gateway
        self.resolvers[gateway.platform] = resolve
        self.budgets[gateway.platform] = budget or ReadBackBudget()

    async def prepare_delivery(self) -> None:
        """Once the gateways are in, before ready: only what is cheap and needed for safety.

        Claims a dead process left are taken back; reading back the reactions on open calls starts
        in the background (``reconciled`` waits for it) and the delivery loop is woken.
        """
        if self.database.is_sqlite:
            await self.worker.release_stale_claims()
        for platform in self.gateways:
            self.read_back(platform, again=False)
        # The delivery loop may have run before this platform was added (it then saw nothing to send):
        # wake it, so what fell due while the bot was away goes out now, not at its next idle wake-up.
        await self.bus.publish([DeliveriesQueued()])

    def read_back(self, platform: str, *, again: bool = True) -> None:
        """Read back the platform's open calls in the background (again: e.g. after a lost session)."""
        self.reconciler.start(self.gateways[platform], self.resolvers[platform], self.budgets[platform], again=again)

    async def reconciled(self) -> None:
        """Until the read-back of open calls started so far has finished."""
        await self.reconciler.wait()

    async def close(self) -> None:
        await self.reconciler.close()
        await self.services.rsvps.close()  # answers already queued are stored before the database goes
        await self.database.close()


async def build_core(
    settings: Settings,
    clock: Clock,
    *,
    database_url: str | None = None,
    faults: FaultPoints | None = None,
    translator: Translator | None = None,
) -> Core:
    database = await Database.open(database_url or settings.storage.url())
    bus = EventBus()
    store = Store(database, bus)
    planner = Planner(store, settings.meetings)
    gateways: dict[str, ChatGateway] = {}
    accounts = MemberCache()
    communities = CommunityService(store, clock, accounts)
    services = Services(
        communities=communities,
        sections=SectionService(store, clock, require_approval=settings.sections.require_approval),
        profiles=ProfileService(store, clock),
        meetings=MeetingService(store, clock, planner, settings.meetings),
        rsvps=RsvpService(store, clock, communities),
        agenda=AgendaService(store, clock),
        memos=MemoService(store, clock),
        needs=NeedsService(store),
        identities=IdentityService(store, clock, accounts),
        registry=build_registry(),
        # Parsing the catalogs takes a tenth of a second: tests build many cores and share one.
        translator=translator or Translator(),
        clock=clock,
    )
    worker = DeliveryWorker(store, clock, planner, gateways, faults=faults or FaultPoints.from_environment())
    editor = CallEditor(store, clock, gateways)
    bus.subscribe(editor.on_event)
    core = Core(
        settings=settings,
        clock=clock,
        database=database,
        store=store,
        bus=bus,
        services=services,
        worker=worker,
        editor=editor,
        platform_state=PlatformStateService(store, clock),
        reconciler=Reconciler(store, clock, services.rsvps, editor),
        gateways=gateways,
    )
    bus.subscribe(core.on_event)
    return core
