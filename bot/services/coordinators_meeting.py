"""The coordinators' own meeting: a quarterly series in the coordinators' section, made once for them.

Coordinators of different sections meet to learn what works elsewhere. The series is made by the section watch
once the coordinators' section has had someone in it for 30 days, unless it has a series (one they scheduled
themselves comes first): the first Tuesday of every third month, 18:00 in the community's zone, from three
months on, with the community's usual cadence. From then on it is theirs like any
series (every coordinator may edit, move, cancel or end it: they run that section together); one they end is not
made again. Its call is posted in the coordinators' section, which every coordinator is in; its default agenda
has a "what works" item (``bot.services.what_works``).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.domain.meetings import Cadence
from bot.domain.models import Community, SectionKind
from bot.settings import MeetingsSettings
from bot.storage.repositories import meetings, sections, watch
from bot.storage.unit_of_work import Transaction

log = logging.getLogger(__name__)

#: How long the coordinators' section has someone in it before the series is made: time to schedule their own.
SETTLE = timedelta(days=30)
#: The first Tuesday of every third month.
QUARTERLY = "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"
AT = time(18, 0)
MINUTES = 90


def first_quarter_start(now: datetime, zone: str) -> date:
    """The series starts three months on (the 1st of that month): time for the coordinators to get to know the
    bot, and to move or edit the meeting before its call."""
    return now.astimezone(ZoneInfo(zone)).date().replace(day=1) + relativedelta(months=3)


async def ensure_series(tx: Transaction, community: Community, settings: MeetingsSettings, now: datetime) -> bool:
    """Make the coordinators' quarterly series if they have none yet (nor ever had); True when made now."""
    coordinators = await sections.builtin(tx.conn, community.id, SectionKind.COORDINATORS)
    if await meetings.series_of_section(tx.conn, coordinators.id):
        return False
    first_there = await watch.longest_member_since(tx.conn, coordinators.id)
    if first_there is None or first_there > now - SETTLE:
        return False  # nobody coordinates anything yet, or not for long: they may schedule their own first
    series = await meetings.create_series(
        tx.conn,
        section_id=coordinators.id,
        rrule=QUARTERLY,
        timezone=community.timezone,
        local_time=AT,
        duration_minutes=MINUTES,
        place="",
        start_date=first_quarter_start(now, community.timezone),
        capacity=None,
        cadence=Cadence(settings.call_days_before, tuple(settings.reminder_minutes)),
        created_by=None,
        now=now,
    )
    log.info("community %s: the coordinators' quarterly meeting is scheduled (series %s)", community.id, series.id)
    return True
