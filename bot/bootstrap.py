"""The composition root of the core: builds the database, services, registry, translator and delivery.

Nothing else constructs these. The launcher (``netgroups``) builds a Core and hands adapters its inbound
seam (``core.inbound``), through which they attach their gateways.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field

from bot.bus import EventBus
from bot.clock import Clock, SimulatedClock
from bot.commands.context import Services
from bot.commands.handlers import build_registry
from bot.delivery.access import PlatformTraits
from bot.delivery.destinations import Destinations
from bot.delivery.edits import CallEditor
from bot.delivery.faults import FaultPoints
from bot.delivery.planner import Planner
from bot.delivery.read_back import Reconciler
from bot.delivery.reconcile import MemberResolver, reconcile_call
from bot.delivery.simulation import Simulation
from bot.delivery.worker import DeliveryWorker
from bot.domain.models import Member
from bot.events import CallPosted, DeliveriesQueued, Event
from bot.i18n import Translator
from bot.inbound import Inbound
from bot.ports import ChatGateway, ReadBackBudget, SentMessage
from bot.services.activity import ActivityService
from bot.services.agenda import AgendaService
from bot.services.communities import CommunityService
from bot.services.continuity import ContinuityService
from bot.services.handover import HandoverService
from bot.services.health import HealthService
from bot.services.health_monthly import MonthlyHealth
from bot.services.identities import IdentityService
from bot.services.meetings import MeetingService
from bot.services.member_cache import MemberCache
from bot.services.memos import MemoService
from bot.services.needs import NeedsService
from bot.services.personal_data import PersonalDataService
from bot.services.platform_state import PlatformStateService
from bot.services.profiles import ProfileService
from bot.services.publishing import PublishingService
from bot.services.retention import RetentionPurge
from bot.services.rsvps import RsvpService
from bot.services.section_watch import SectionWatch
from bot.services.sections import SectionService
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)


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
    destinations: Destinations
    inbound: Inbound = field(init=False)
    gateways: dict[str, ChatGateway] = field(default_factory=dict)
    resolvers: dict[str, MemberResolver] = field(default_factory=dict)
    budgets: dict[str, ReadBackBudget] = field(default_factory=dict)

    async def on_event(self, event: Event) -> None:
        if isinstance(event, CallPosted) and event.platform in self.gateways:
            gateway = self.gateways[event.platform]
            missed = getattr(gateway, "may_have_missed_reactions", None)
            if event.first_attempt and missed is not None and not missed(SentMessage(event.channel, event.message)):
                return  # no reaction came before the call was recorded: nothing to read back
            await reconcile_call(
                gateway,
                self.store,
                self.clock,
                self.services.rsvps,
                self.resolvers[event.platform],
                occurrence_id=event.occurrence_id,
                community_id=event.community_id,
                call=SentMessage(event.channel, event.message),
            )

    def add_gateway(self, gateway: ChatGateway, budget: ReadBackBudget | None = None) -> None:
        """Let the core post on this platform; ``budget`` is how fast open calls may be read back there (no
        limit when left out)."""
        self.gateways[gateway.platform] = gateway
        self.resolvers[gateway.platform] = functools.partial(self._resolve_account, gateway)
        self.budgets[gateway.platform] = budget or ReadBackBudget()

    async def attach(self, gateway: ChatGateway, budget: ReadBackBudget | None) -> None:
        self.add_gateway(gateway, budget)
        await self.prepare_delivery()

    async def _resolve_account(self, gateway: ChatGateway, community_id: int, user: str) -> Member | None:
        """The member behind a platform user seen in a read-back, made on first sight with the platform's name."""
        communities = self.services.communities
        found = await communities.member_by_account(community_id, gateway.platform, user)
        if found is not None:
            return found
        place = await communities.binding(community_id, gateway.platform)
        community = await communities.by_binding(gateway.platform, place) if place else None
        if community is None:
            return None
        name = await gateway.display_name(user)
        return await communities.ensure_member(community, gateway.platform, user, display_name=name)

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

    def simulation(self, clock: SimulatedClock) -> Simulation:
        """Simulated time over this core (the console): deliveries go out as the clock is moved."""
        simulation = Simulation(clock, self.worker, self.editor, self.reconciled, lambda: self.store.generation)
        self.bus.subscribe(simulation.on_event)
        return simulation

    async def close(self) -> None:
        await self.reconciler.close()
        try:
            await self.destinations.save()
        except Exception:  # only a saving of requests: reopening a conversation gives the same id
            log.warning("could not store the direct conversations opened lately", exc_info=True)
        await self.services.rsvps.close()  # answers already queued are stored before the database goes
        await self.worker.close()  # and sends already made are recorded
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
    traits = PlatformTraits()
    communities = CommunityService(store, clock, accounts, traits)
    sections = SectionService(
        store,
        clock,
        require_approval=settings.sections.require_approval,
        traits=traits,
        all_sensitive=settings.sections.sensitive,
    )
    if settings.sections.sensitive:
        marked = await sections.mark_all_sensitive()
        if marked:
            log.info("sections.sensitive is set: %d sections marked sensitive", marked)
    # Parsing the catalogs takes a tenth of a second: tests build many cores and share one.
    shared_translator = translator or Translator()
    services = Services(
        communities=communities,
        sections=sections,
        profiles=ProfileService(store, clock),
        meetings=MeetingService(store, clock, planner, settings.meetings),
        rsvps=RsvpService(store, clock, communities, sections),
        agenda=AgendaService(store, clock, sections),
        memos=MemoService(store, clock),
        needs=NeedsService(store),
        identities=IdentityService(store, clock, accounts),
        personal_data=PersonalDataService(store, clock, accounts, traits),
        registry=build_registry(),
        translator=shared_translator,
        clock=clock,
        publishing=PublishingService(store, clock, shared_translator, settings.web),
        health=HealthService(store, clock),
        handover=HandoverService(store, clock, sections),
        activity=ActivityService(store, clock),
        continuity=ContinuityService(store, sections),
    )
    destinations = Destinations(store, clock, gateways)
    bus.subscribe(destinations.on_event)
    worker = DeliveryWorker(
        store,
        clock,
        planner,
        gateways,
        destinations,
        faults=faults or FaultPoints.from_environment(),
        retention=RetentionPurge(store, clock, settings.retention),
        watch=SectionWatch(store, clock, settings.meetings, services.activity),
        monthly_health=MonthlyHealth(store, clock, shared_translator, enabled=settings.sections.monthly_health),
        web_base_url=settings.web.base_url,
    )
    bus.subscribe(worker.on_event)
    editor = CallEditor(store, clock, gateways, web_base_url=settings.web.base_url)
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
        destinations=destinations,
        gateways=gateways,
    )
    core.inbound = Inbound(
        services=services,
        store=store,
        state=core.platform_state,
        worker=worker,
        destinations=destinations,
        traits=traits,
        community_settings=settings.community,
        attach_gateway=core.attach,
        read_back=core.read_back,
    )
    bus.subscribe(core.on_event)
    return core
