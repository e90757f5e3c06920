"""The public pages' and calendar feeds' read API (see ``bot.publishing``), and the members' calendar tokens.

Nothing here writes but the tokens and a coordinator's choice to be named: the pages show meetings from the
series' rules and what is planned, without planning anything. What is read at one store generation is kept
until the next write (or the next minute, since "the next meetings" move with time), so a busy page or a feed
polled by many calendar apps costs one read per change.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.exc import NoResultFound
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from bot.delivery.compose import item_title, section_name
from bot.delivery.planner import recurrence_of
from bot.domain import ics
from bot.domain.agenda import AgendaStatus
from bot.domain.meetings import Memo, Occurrence, Series, SeriesStatus
from bot.domain.models import Community, Member, Section, SectionStatus
from bot.errors import UserError
from bot.i18n import Translator
from bot.publishing import (
    CalendarFile,
    CalendarLinks,
    CommunityPage,
    JoinWays,
    MeetingView,
    MemoView,
    SectionPage,
    SectionView,
    personal_feed_path,
    section_feed_path,
    section_path,
)
from bot.settings import WebSettings
from bot.storage.repositories import agenda, communities, meetings, members, sections
from bot.storage.repositories import publishing as rows
from bot.storage.unit_of_work import Store

_T = TypeVar("_T")
#: How far back a feed keeps meetings (and so their cancellations and moves): a year, as calendar apps show.
FEED_PAST = timedelta(days=400)
#: Meetings listed on a page, and public memos.
PAGE_MEETINGS = 5
PAGE_MEMOS = 10
_STAMP_PLACEHOLDER = datetime(1970, 1, 1, tzinfo=UTC)
_PLACEHOLDER_LINE = b"DTSTAMP:19700101T000000Z"
#: Pages and feeds kept at once (the oldest goes first).
_CACHE_SIZE = 2048


def series_uid(series: Series, community_id: int) -> str:
    return f"series-{series.id}.c{community_id}@netgroups"


def meeting_uid(occurrence_id: int, community_id: int) -> str:
    return f"meeting-{occurrence_id}.c{community_id}@netgroups"


class PublishingService:
    def __init__(self, store: Store, clock: Clock, translator: Translator, web: WebSettings) -> None:
        self._store = store
        self._clock = clock
        self._translator = translator
        self._web = web
        self._cache: dict[Hashable, tuple[tuple[int, datetime], Any]] = {}
        #: Per feed: the digest of its content and since when it has been so (Last-Modified).
        self._seen: dict[Hashable, tuple[str, datetime]] = {}

    @property
    def base_url(self) -> str | None:
        return self._web.link_base()

    def link(self, path: str) -> str | None:
        base = self.base_url
        return base + path if base else None

    # --- reading, cached -------------------------------------------------------------------------------

    async def _cached(self, key: Hashable, compute: Callable[[AsyncConnection, datetime], Awaitable[_T]]) -> _T:
        now = self._clock.now()
        stamp = (self._store.generation, now.replace(second=0, microsecond=0))
        found = self._cache.get(key)
        if found is not None and found[0] == stamp:
            value: _T = found[1]
            return value
        async with self._store.transaction() as tx:
            tx.reading = True
            value = await compute(tx.conn, now)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = (stamp, value)
        return value

    async def community(self, community_id: int) -> Community | None:
        return await self._cached(("community-row", community_id), lambda conn, _: _community(conn, community_id))

    async def communities(self) -> list[Community]:
        return await self._cached(("communities",), lambda conn, _: rows.all_communities(conn))

    async def community_page(self, community_id: int, locale: str) -> CommunityPage | None:
        async def compute(conn: AsyncConnection, now: datetime) -> CommunityPage | None:
            community = await _community(conn, community_id)
            if community is None:
                return None
            views = []
            for section_id in await rows.public_section_ids(conn, community_id):
                section = await sections.get(conn, section_id)
                upcoming = await self._meetings(conn, section, now, locale, 1, with_agenda=False)
                views.append(self._section_view(section, locale, upcoming[0] if upcoming else None))
            page = CommunityPage(community, tuple(views))
            return replace(page, version=_digest(repr(page)))

        return await self._cached(("community", community_id, locale), compute)

    async def section_page(self, community_id: int, slug: str, locale: str) -> SectionPage | None:
        """The section's public page, or None when there is none (no such section, or a sensitive one)."""

        async def compute(conn: AsyncConnection, now: datetime) -> SectionPage | None:
            community = await _community(conn, community_id)
            section = await _public_section(conn, community_id, slug)
            if community is None or section is None:
                return None
            room = await sections.binding(conn, section.id, "matrix")
            memos = await rows.public_memos(conn, section.id, PAGE_MEMOS)
            page = SectionPage(
                community=community,
                section=self._section_view(section, locale),
                coordinators=tuple(await rows.public_coordinators(conn, section.id)),
                meetings=tuple(await self._meetings(conn, section, now, locale, PAGE_MEETINGS)),
                memos=tuple([await _memo_view(conn, memo) for memo in memos]),
                join=JoinWays(
                    command=f"section join {section.slug}",
                    discord_invite=self._web.discord_invite,
                    matrix_room=f"https://matrix.to/#/{room[0]}" if room else None,
                ),
            )
            return replace(page, version=_digest(repr(page)))

        return await self._cached(("section", community_id, slug, locale), compute)

    # --- calendar feeds ----------------------------------------------------------------------------------

    async def section_feed(self, community_id: int, slug: str) -> CalendarFile | None:
        async def compute(conn: AsyncConnection, now: datetime) -> ics.Feed | None:
            community = await _community(conn, community_id)
            section = await _public_section(conn, community_id, slug)
            if community is None or section is None:
                return None
            name = f"{self._name(section, community.locale)} · {community.name}"
            return ics.Feed(name, _STAMP_PLACEHOLDER, await self._series_events(conn, community, [section], now))

        return await self._calendar(("section-feed", community_id, slug), compute)

    async def community_feed(self, community_id: int) -> CalendarFile | None:
        async def compute(conn: AsyncConnection, now: datetime) -> ics.Feed | None:
            community = await _community(conn, community_id)
            if community is None:
                return None
            public = [await sections.get(conn, each) for each in await rows.public_section_ids(conn, community_id)]
            return ics.Feed(community.name, _STAMP_PLACEHOLDER, await self._series_events(conn, community, public, now))

        return await self._calendar(("community-feed", community_id), compute)

    async def meeting_feed(self, community_id: int, occurrence_id: int) -> CalendarFile | None:
        """One meeting of a public section (the "add to calendar" link of its call)."""

        async def compute(conn: AsyncConnection, now: datetime) -> ics.Feed | None:
            occurrence = await _occurrence(conn, occurrence_id)
            if occurrence is None:
                return None
            series = await meetings.get_series(conn, occurrence.series_id)
            section = await sections.get(conn, series.section_id)
            if section.community_id != community_id or not await rows.is_public(conn, section.id):
                return None
            community = await communities.get(conn, community_id)
            single = await self._single(conn, community, section, series, occurrence)
            return ics.Feed(self._name(section, community.locale), _STAMP_PLACEHOLDER, singles=[single])

        return await self._calendar(("meeting-feed", community_id, occurrence_id), compute)

    async def personal_feed(self, token: str) -> CalendarFile | None:
        """The member's own feed: the meetings they answered yes or maybe to (or every meeting of their sections,
        as they chose); None for a token that is not (or no longer) anyone's."""

        async def compute(conn: AsyncConnection, now: datetime) -> ics.Feed | None:
            found = await rows.by_token(conn, token)
            if found is None:
                return None
            member_id, _, all_sections = found
            member = await _member(conn, member_id)
            community = await communities.get(conn, member.community_id)
            name = self._translator.format(community.locale, "web-personal-calendar", {"community": community.name})
            if all_sections:
                mine = [
                    await sections.get(conn, each) for each in await sections.section_ids_of_member(conn, member_id)
                ]
                active = [section for section in mine if section.status is SectionStatus.ACTIVE]
                return ics.Feed(name, _STAMP_PLACEHOLDER, await self._series_events(conn, community, active, now))
            singles = []
            for occurrence in await rows.answered(conn, member_id, now - FEED_PAST):
                series = await meetings.get_series(conn, occurrence.series_id)
                section = await sections.get(conn, series.section_id)
                singles.append(await self._single(conn, community, section, series, occurrence))
            return ics.Feed(name, _STAMP_PLACEHOLDER, singles=singles)

        return await self._calendar(("personal-feed", token), compute)

    async def _calendar(
        self, key: Hashable, compute: Callable[[AsyncConnection, datetime], Awaitable[ics.Feed | None]]
    ) -> CalendarFile | None:
        """The feed as a file with an ETag from its content and Last-Modified from when that content was first
        served (DTSTAMP too), so a feed that did not change answers 304 however often it is asked for."""

        async def render(conn: AsyncConnection, now: datetime) -> CalendarFile | None:
            feed = await compute(conn, now)
            if feed is None:
                return None
            body = ics.feed_bytes(feed)
            etag = _digest(body)
            seen = self._seen.get(key)
            modified = seen[1] if seen is not None and seen[0] == etag else now.replace(microsecond=0)
            self._seen[key] = (etag, modified)
            stamp = b"DTSTAMP:" + modified.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ").encode()
            return CalendarFile(body.replace(_PLACEHOLDER_LINE, stamp), f'"{etag}"', modified)

        return await self._cached(key, render)

    async def _series_events(
        self, conn: AsyncConnection, community: Community, chosen: list[Section], now: datetime
    ) -> list[ics.SeriesEvent]:
        events = []
        since = now - FEED_PAST
        for section in chosen:
            for series in await meetings.series_of_section(conn, section.id):
                if series.until_date is not None and series.until_date < since.date():
                    continue
                planned = await meetings.occurrences_of_series(conn, [series.id], start_from=since - timedelta(days=60))
                events.append(
                    ics.SeriesEvent(
                        uid=series_uid(series, community.id),
                        series=series,
                        title=self._name(section, community.locale),
                        description=await self._description(conn, community, section, series, now),
                        url=self.link(section_path(community.id, section.slug)),
                        cancelled=[o.original_start for o in planned if o.is_cancelled],
                        moved=[
                            ics.Moved(o.original_start, o.start_at, o.end_at, o.place or series.place)
                            for o in planned
                            if not o.is_cancelled and _moved(o, series)
                        ],
                    )
                )
        return events

    async def _single(
        self, conn: AsyncConnection, community: Community, section: Section, series: Series, occurrence: Occurrence
    ) -> ics.SingleEvent:
        locale = community.locale
        lines = [section.purpose] if section.purpose else []
        lines.extend(await self._agenda(conn, occurrence.id, locale))
        public = await rows.is_public(conn, section.id)
        return ics.SingleEvent(
            uid=meeting_uid(occurrence.id, community.id),
            title=self._name(section, locale),
            description="\n".join(lines),
            url=self.link(section_path(community.id, section.slug)) if public else None,
            start=occurrence.start_at,
            end=occurrence.end_at,
            timezone=series.timezone,
            place=occurrence.place or series.place,
            sequence=series.revision,
            cancelled=occurrence.is_cancelled,
        )

    async def _description(
        self, conn: AsyncConnection, community: Community, section: Section, series: Series, now: datetime
    ) -> str:
        """The section's purpose and the agenda of its next planned meeting."""
        locale = community.locale
        lines = [section.purpose] if section.purpose else []
        planned = await meetings.occurrences_of_series(conn, [series.id], start_from=now)
        upcoming = next((o for o in planned if not o.is_cancelled), None)
        if upcoming is not None:
            agenda_lines = await self._agenda(conn, upcoming.id, locale)
            if agenda_lines:
                when = upcoming.start_at.astimezone(ZoneInfo(series.timezone))
                heading = self._translator.format(locale, "web-agenda-of", {"when": when})
                lines.extend(["", heading, *agenda_lines])
        return "\n".join(lines).strip()

    async def _agenda(self, conn: AsyncConnection, occurrence_id: int, locale: str) -> list[str]:
        items = [
            item for item in await agenda.of_occurrence(conn, occurrence_id) if item.status is AgendaStatus.ACCEPTED
        ]
        return [
            self._translator.format(
                locale, "agenda-line", {"number": number, "title": item_title(item), "minutes": item.minutes}
            )
            for number, item in enumerate(items, start=1)
        ]

    async def _meetings(
        self,
        conn: AsyncConnection,
        section: Section,
        now: datetime,
        locale: str,
        count: int,
        *,
        with_agenda: bool = True,
    ) -> list[MeetingView]:
        """The section's next meetings (cancelled ones shown as such): planned ones as planned, and the rest as the
        series' rules give them."""
        found: list[MeetingView] = []
        for series in await meetings.series_of_section(conn, section.id):
            if series.status is SeriesStatus.ENDED and (series.until_date is None or series.until_date < now.date()):
                continue
            length = timedelta(minutes=series.duration_minutes)
            zone = ZoneInfo(series.timezone)
            planned = await meetings.occurrences_of_series(
                conn, [series.id], start_from=now - length - timedelta(days=60)
            )
            by_start = {o.original_start: o for o in planned}
            for instant in recurrence_of(series).after(now - length, count):
                if instant not in by_start:
                    found.append(
                        MeetingView(
                            instant.astimezone(zone),
                            (instant + length).astimezone(zone),
                            series.timezone,
                            series.place,
                            cancelled=False,
                        )
                    )
            for o in planned:
                if o.end_at > now:
                    lines = await self._agenda(conn, o.id, locale) if with_agenda and not o.is_cancelled else []
                    found.append(
                        MeetingView(
                            o.start_at.astimezone(zone),
                            o.end_at.astimezone(zone),
                            series.timezone,
                            o.place or series.place,
                            cancelled=o.is_cancelled,
                            agenda=tuple(lines),
                            occurrence_id=o.id,
                        )
                    )
        found.sort(key=lambda view: view.start)
        return found[:count]

    def _section_view(self, section: Section, locale: str, next_meeting: MeetingView | None = None) -> SectionView:
        return SectionView(
            section.slug, self._name(section, locale), section.purpose, section.description, next_meeting
        )

    def _name(self, section: Section, locale: str) -> str:
        name = section_name(section)
        return name if isinstance(name, str) else self._translator.format(locale, name.key, name.args)

    # --- members' calendar links -----------------------------------------------------------------------

    async def calendar_links(
        self, member: Member, *, reset: bool = False, all_sections: bool | None = None
    ) -> CalendarLinks:
        """The member's personal feed (a token drawn on first use, or anew with ``reset``: the old address then
        stops working) and the feeds of their public sections."""
        base = self.base_url
        if base is None:
            raise UserError("error-web-off")
        async with self._store.transaction() as tx:
            found = await rows.token_of(tx.conn, member.id)
            chosen = all_sections if all_sections is not None else (found[2] if found else False)
            if found is None or reset:
                token = secrets.token_urlsafe(24)
                await rows.put_token(tx.conn, member.id, token, chosen, self._clock.now())
            else:
                token = found[1]
                if chosen != found[2]:
                    await rows.set_all_sections(tx.conn, member.id, chosen)
            mine = []
            for section_id in await sections.section_ids_of_member(tx.conn, member.id):
                if await rows.is_public(tx.conn, section_id):
                    section = await sections.get(tx.conn, section_id)
                    mine.append((section.slug, base + section_feed_path(member.community_id, section.slug)))
        return CalendarLinks(base + personal_feed_path(token), chosen, tuple(sorted(mine)))

    async def show_coordinator(self, community: Community, slug: str, member: Member, shown: bool) -> Section:
        """Whether a coordinator's name is on the section's public page (their own choice)."""
        async with self._store.transaction() as tx:
            section = await sections.by_slug(tx.conn, community.id, slug)
            if section is None:
                raise UserError("error-unknown-section", section=slug, prefix="/")
            if not await rows.set_coordinator_public(tx.conn, section.id, member.id, shown):
                raise UserError("error-not-coordinator", member=member.display_name, section=slug)
        return section


def _moved(occurrence: Occurrence, series: Series) -> bool:
    return occurrence.start_at != occurrence.original_start or bool(
        occurrence.place and occurrence.place != series.place
    )


def _digest(data: bytes | str) -> str:
    raw = data if isinstance(data, bytes) else data.encode()
    return hashlib.sha256(raw).hexdigest()[:32]


async def _community(conn: AsyncConnection, community_id: int) -> Community | None:
    return await rows.community(conn, community_id)


async def _public_section(conn: AsyncConnection, community_id: int, slug: str) -> Section | None:
    section = await sections.by_slug(conn, community_id, slug)
    if section is None or not await rows.is_public(conn, section.id):
        return None
    return section


async def _occurrence(conn: AsyncConnection, occurrence_id: int) -> Occurrence | None:
    try:
        return await meetings.get_occurrence(conn, occurrence_id)
    except NoResultFound:
        return None


async def _member(conn: AsyncConnection, member_id: int) -> Member:
    return await members.get(conn, member_id)


async def _memo_view(conn: AsyncConnection, memo: Memo) -> MemoView:
    start = None
    if memo.occurrence_id is not None:
        occurrence = await _occurrence(conn, memo.occurrence_id)
        if occurrence is not None:
            series = await meetings.get_series(conn, occurrence.series_id)
            start = occurrence.start_at.astimezone(ZoneInfo(series.timezone))
    return MemoView(memo.id, memo.posted_at, memo.body, start)
