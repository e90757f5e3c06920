"""What a handler knows about the call: who, where, and the services it may use."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.commands.registry import CommandRegistry
from bot.domain.models import Community, Member
from bot.i18n import Translator
from bot.services.activity import ActivityService
from bot.services.agenda import AgendaService
from bot.services.communities import CommunityService
from bot.services.continuity import ContinuityService
from bot.services.handover import HandoverService
from bot.services.health import HealthService
from bot.services.identities import IdentityService
from bot.services.meetings import MeetingService
from bot.services.memos import MemoService
from bot.services.needs import NeedsService
from bot.services.personal_data import PersonalDataService
from bot.services.profiles import ProfileService
from bot.services.publishing import PublishingService
from bot.services.rsvps import RsvpService
from bot.services.sections import SectionService


@dataclass(frozen=True, slots=True)
class Services:
    communities: CommunityService
    sections: SectionService
    profiles: ProfileService
    meetings: MeetingService
    rsvps: RsvpService
    agenda: AgendaService
    memos: MemoService
    needs: NeedsService
    identities: IdentityService
    personal_data: PersonalDataService
    registry: CommandRegistry
    translator: Translator
    clock: Clock
    #: The public pages' and feeds' read API, and the members' calendar links.
    publishing: PublishingService
    #: The health report's figures (``section health``).
    health: HealthService
    #: Hand-over and stepping down (``section handover``, ``section coordinator step-down``).
    handover: HandoverService
    #: Signs of life: a member's commands noted (at most once a day), for the section watch.
    activity: ActivityService
    #: Being asked to coordinate, sharing what works (``profile ask-to-coordinate``, ``section what-works``).
    continuity: ContinuityService


@dataclass(frozen=True, slots=True)
class CommandContext:
    services: Services
    community: Community
    member: Member
    platform: str
    #: Slug of the section whose channel the command was typed in, if any.
    channel_section: str | None = None
    #: How this platform writes commands: "/" on the console and Discord, "!" on Matrix.
    prefix: str = "/"
    #: The platform's id of the channel or room the command was typed in.
    channel_ref: str | None = None

    @property
    def locale(self) -> str:
        return self.member.locale or self.community.locale
