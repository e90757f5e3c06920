"""The monthly health report, posted in the coordinators' section with its chart.

Once a month, on the first Monday to Friday at 10:00 where the community lives (``monthly_moment``), every
active section's figures over the last calendar month, against the month before, go to the coordinators'
section: one post (on each platform the community is on), the chart attached. Counts only, nobody named,
sections in alphabetical order, never ranked.
A sensitive section is not named there (every coordinator reads that section, not only its own members): its
figures are in the line for all sections together, and the post says how many are counted only there.

Once, whatever happens: the month posted is remembered per community (``platform_state``,
``health:monthly:<community>``: ``YYYY-MM``) in the transaction that queues the post, whose outbox key names the
month too. A restart in the same month finds it done; two processes racing queue one row (the key is unique);
after downtime across several month starts only the current month's report goes (the missed ones would only be
older figures), in daytime. The outbox row carries the whole post, chart included, so a post queued before a
crash goes out after it as it was drawn. A community's first report is in the first month that began after the
community did (a report of nothing before it would only show zeros).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from bot.delivery import notices
from bot.domain.daytime import next_daytime
from bot.domain.health import Figures, month_of, month_start, monthly_moment, monthly_periods, total
from bot.domain.models import Community, Section, SectionKind
from bot.i18n import Translator
from bot.replies import Attachment, Msg, Reply, msg, reply
from bot.services.health import figures
from bot.services.health_chart import ChartLabels, draw_apart
from bot.services.health_lines import figure_lines
from bot.storage.repositories import communities, platform_state, sections, watch
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

#: Draws the chart from (current, previous) figures per row; matplotlib's by default (tests may draw less).
Draw = Callable[[Sequence[tuple[Figures, Figures]], ChartLabels], Awaitable[bytes]]
#: With no community yet, look again after this long.
_IDLE = timedelta(days=1)
#: After a report failed, try again after this long.
_RETRY = timedelta(hours=1)


def state_key(community_id: int) -> str:
    return f"health:monthly:{community_id}"


def _month_text(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


@dataclass(frozen=True, slots=True)
class _Findings:
    community: Community
    month: date
    sections: list[Section]
    current: dict[int, Figures]
    previous: dict[int, Figures]

    @property
    def named(self) -> list[Section]:
        """Sections named in the post, alphabetically: not a sensitive one."""
        shown = [section for section in self.sections if not section.sensitive]
        return sorted(shown, key=lambda section: (section.name.casefold(), section.slug))

    def rows(self) -> list[tuple[Figures, Figures]]:
        """All sections' figures together, then each named section's (the post's order)."""
        every = [section.id for section in self.sections]
        rows = [(self.current[section.id], self.previous[section.id]) for section in self.named]
        return [(total([self.current[i] for i in every]), total([self.previous[i] for i in every])), *rows]


class MonthlyHealth:
    def __init__(
        self, store: Store, clock: Clock, translator: Translator, *, enabled: bool = True, draw: Draw = draw_apart
    ) -> None:
        self._store = store
        self._clock = clock
        self._translator = translator
        self._enabled = enabled
        #: How the chart is drawn (matplotlib; a test that only counts posts may draw something smaller).
        self.draw = draw
        self._next: datetime | None = None

    async def next_at(self) -> datetime | None:
        """The earliest moment a community's report may be due (None when the report is turned off)."""
        if not self._enabled:
            return None
        if self._next is None:
            now = self._clock.now()
            async with self._store.transaction() as tx:
                tx.reading = True
                moments = [await self._next_for(tx.conn, cid, now) for cid in await watch.community_ids(tx.conn)]
            self._next = min(moments, default=now + _IDLE)
        return self._next

    async def run_if_due(self) -> int:
        """Queue each community's report that is due now; how many were queued."""
        now = self._clock.now()
        when = await self.next_at()
        if when is None or now < when:
            return 0
        async with self._store.transaction() as tx:
            tx.reading = True
            ids = await watch.community_ids(tx.conn)
        queued, failed = 0, False
        for community_id in ids:
            try:
                queued += await self._post_if_due(community_id, now)
            except Exception:
                # It runs in the delivery round: a report that cannot be made (its chart, say) must not hold up the
                # round's sends, nor be tried again at every round.
                log.exception("community %s: the monthly health report failed; trying again in an hour", community_id)
                failed = True
        self._next = now + _RETRY if failed else None
        return queued

    async def _next_for(self, conn: AsyncConnection, community_id: int, now: datetime) -> datetime:
        community = await communities.get(conn, community_id)
        zone = community.timezone
        month = month_of(now, zone)
        if await self._due_month(conn, community, now, ignore_time=True) is None:
            month += relativedelta(months=1)
        return next_daytime(max(monthly_moment(month, zone), now), zone)

    async def _due_month(
        self, conn: AsyncConnection, community: Community, now: datetime, *, ignore_time: bool = False
    ) -> date | None:
        """This month, when its report is due for the community now and not queued yet."""
        zone = community.timezone
        month = month_of(now, zone)
        if not ignore_time and (now < monthly_moment(month, zone) or next_daytime(now, zone) != now):
            return None
        if await communities.created_at(conn, community.id) >= month_start(month, zone):
            return None  # nothing to compare yet: the first report is next month's
        done = await platform_state.get(conn, "core", state_key(community.id))
        return month if done is None or done < _month_text(month) else None

    async def _post_if_due(self, community_id: int, now: datetime) -> int:
        found = await self._findings(community_id, now)
        if found is None:
            return 0
        content = None
        if found.sections:
            # Drawn outside any transaction (it takes seconds: the writer is for others meanwhile), in a process of
            # its own (``draw_apart``).
            chart = await self.draw(found.rows(), self._labels(found))
            content = self._content(found, chart)
        async with self._store.transaction() as tx:
            if await self._due_month(tx.conn, found.community, now) != found.month:
                return 0  # another process queued it meanwhile
            month = _month_text(found.month)
            if content is not None:
                coordinators = await sections.builtin(tx.conn, community_id, SectionKind.COORDINATORS)
                await notices.queue_in_section(
                    tx,
                    now,
                    community_id=community_id,
                    section_id=coordinators.id,
                    subject=f"health:monthly:{month}",
                    content=content,
                )
            await platform_state.put(tx.conn, "core", state_key(community_id), month, now)
        outcome = "queued" if content else "not needed (no section of its own)"
        log.info("community %s: the monthly health report of %s is %s", community_id, month, outcome)
        return 1 if content is not None else 0

    async def _findings(self, community_id: int, now: datetime) -> _Findings | None:
        async with self._store.transaction() as tx:
            tx.reading = True
            community = await communities.get(tx.conn, community_id)
            month = await self._due_month(tx.conn, community, now)
            if month is None:
                return None
            active = await watch.watched_sections(tx.conn, community_id)
            current, previous = monthly_periods(month, community.timezone)
            ids = [section.id for section in active]
            now_figures = await figures(tx.conn, ids, current)
            before_figures = await figures(tx.conn, ids, previous)
        return _Findings(community, month, active, now_figures, before_figures)

    def _content(self, found: _Findings, chart: bytes) -> Reply:
        covered, before = _covered(found.month)
        lines: list[Msg] = [msg("health-monthly-intro", month=covered, before=before)]
        every = [section.id for section in found.sections]
        lines += figure_lines(
            msg("health-monthly-all", count=len(every)),
            total([found.current[i] for i in every]),
            total([found.previous[i] for i in every]),
        )
        hidden = len(found.sections) - len(found.named)
        if hidden:
            lines.append(msg("health-monthly-sensitive", count=hidden))
        for section in found.named:
            header = msg("health-section", section=section.slug, name=section.name)
            lines += figure_lines(header, found.current[section.id], found.previous[section.id])
        lines.append(msg("health-monthly-note"))
        filename = f"netgroups-health-{_month_text(found.month - relativedelta(months=1))}.png"
        return reply(
            *lines,
            title=msg("health-monthly-title", month=covered),
            attachments=(Attachment(filename, "image/png", chart),),
        )

    def _labels(self, found: _Findings) -> ChartLabels:
        """The chart's words in the community's language (it is drawn once, for everyone who reads the post)."""
        locale = found.community.locale

        def text(key: str, **args: object) -> str:
            return self._translator.format(locale, key, args)

        covered, before = _covered(found.month)
        return ChartLabels(
            title=text("health-chart-title", period=covered),
            current=text(covered.key, **covered.args),
            previous=text(before.key, **before.args),
            meetings=text("health-chart-meetings"),
            answers=text("health-chart-answers"),
            new_members=text("health-chart-new-members"),
            memos=text("health-chart-memos"),
            sections=(
                text("health-monthly-all", count=len(found.sections)),
                *(section.name for section in found.named),
            ),
        )


def _covered(month: date) -> tuple[Msg, Msg]:
    """The month the report covers (the one before ``month``) and the month before that, as the catalog names them."""
    last = month - relativedelta(months=1)
    before = last - relativedelta(months=1)
    return (
        msg("health-month", month=last.month, year=str(last.year)),
        msg("health-month", month=before.month, year=str(before.year)),
    )
