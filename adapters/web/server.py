"""The HTTP server: routes, conditional requests, and rendering the core's public values with Jinja2.

Started by ``netgroups run`` when ``[web] listen`` is set, stopped with the bot. Every answer for something that
is not public (no such section, a sensitive one, a token that is nobody's) is the same plain 404.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, select_autoescape

from adapters.web.locale import choose_locale
from bot.i18n import Translator
from bot.inbound import Inbound
from bot.publishing import (
    CalendarFile,
    atom_path,
    community_feed_path,
    community_path,
    embed_path,
    section_feed_path,
    section_path,
)
from bot.settings import WebSettings

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
#: Pages may not be framed, load nothing from elsewhere and run no script.
_PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
_STATIC = {
    "style.css": "text/css",
    "favicon.svg": "image/svg+xml",
}


class WebServer:
    """The web adapter; ``run`` serves until cancelled, ``close`` stops it gracefully."""

    def __init__(self, inbound: Inbound, settings: WebSettings) -> None:
        self._inbound = inbound
        self._settings = settings
        self._translator: Translator = inbound.translator
        self._templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html", "xml"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._static = {name: (HERE / "static" / name).read_bytes() for name in _STATIC}
        self._runner: web.AppRunner | None = None
        #: Rendered pages by what they show (the core's version of it) and language: rendering costs more than
        #: reading what the core keeps, and the same page is asked for again and again.
        self._rendered: dict[tuple[str, ...], str] = {}
        self.port: int | None = None

    # --- life ----------------------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes(
            [
                web.get("/healthz", self._health),
                web.get("/static/{name}", self._static_file),
                web.get("/favicon.ico", self._favicon),
                web.get("/", self._root),
                web.get("/c/{community:\\d+}/", self._community),
                web.get("/c/{community:\\d+}/calendar.ics", self._community_feed),
                web.get("/c/{community:\\d+}/s/{slug}/", self._section),
                web.get("/c/{community:\\d+}/s/{slug}/calendar.ics", self._section_feed),
                web.get("/c/{community:\\d+}/s/{slug}/atom.xml", self._atom),
                web.get("/c/{community:\\d+}/s/{slug}/embed", self._embed),
                web.get("/c/{community:\\d+}/m/{occurrence:\\d+}.ics", self._meeting_feed),
                web.get("/me/{token}.ics", self._personal_feed),
            ]
        )
        return app

    async def start(self) -> int:
        """Listen on ``[web] listen`` (port 0: any free one); returns the port."""
        assert self._settings.listen is not None
        host, _, port = self._settings.listen.rpartition(":")
        self._runner = web.AppRunner(self.app(), access_log=None, handle_signals=False, shutdown_timeout=5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host.strip("[]"), int(port))
        await site.start()
        sockets = self._runner.addresses
        self.port = int(sockets[0][1]) if sockets else int(port)
        log.info("web: serving pages and calendar feeds on %s:%s", host, self.port)
        return self.port

    async def run(self) -> None:
        if self._runner is None:
            await self.start()
        await asyncio.Event().wait()

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- helpers -------------------------------------------------------------------------------------

    def _base(self, request: web.Request) -> str:
        return self._settings.link_base() or f"{request.scheme}://{request.host}"

    def _render_once(
        self, key: tuple[str, ...], request: web.Request, template: str, locale: str, **values: Any
    ) -> str:
        """``_render``, kept by ``key`` (which must name everything the page shows)."""
        found = self._rendered.get(key)
        if found is None:
            if len(self._rendered) >= 512:
                self._rendered.pop(next(iter(self._rendered)))
            found = self._rendered[key] = self._render(request, template, locale, **values)
        return found

    def _render(self, request: web.Request, template: str, locale: str, **values: Any) -> str:
        translator = self._translator

        def t(key: str, **args: Any) -> str:
            return translator.format(locale, key, args)

        def when(value: datetime) -> str:
            return translator.datetime(locale, value)

        def day(value: date | datetime) -> str:
            return str(format_date(value, "long", locale=locale))

        return self._templates.get_template(template).render(
            t=t, when=when, day=day, locale=locale, base=self._base(request), **values
        )

    async def _locale(self, request: web.Request, community_locale: str) -> str:
        return choose_locale(request.query.get("lang"), request.headers.get("Accept-Language"), community_locale)

    # --- routes --------------------------------------------------------------------------------------

    async def _health(self, request: web.Request) -> web.Response:
        return web.Response(text="ok\n", headers={"Cache-Control": "no-store"})

    async def _static_file(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in self._static:
            raise web.HTTPNotFound()
        return web.Response(
            body=self._static[name],
            content_type=_STATIC[name],
            headers={"Cache-Control": "public, max-age=3600"},
        )

    async def _favicon(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self._static["favicon.svg"], content_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"}
        )

    async def _root(self, request: web.Request) -> web.StreamResponse:
        found = await self._inbound.publishing.communities()
        if len(found) == 1:
            raise web.HTTPFound(community_path(found[0].id))
        locale = choose_locale(request.query.get("lang"), request.headers.get("Accept-Language"), "en")
        return self._page(request, self._render(request, "root.html", locale, communities=found), "")

    async def _community(self, request: web.Request) -> web.StreamResponse:
        community_id = int(request.match_info["community"])
        community = await self._inbound.publishing.community(community_id)
        if community is None:
            return self._not_found(request)
        locale = await self._locale(request, community.locale)
        page = await self._inbound.publishing.community_page(community_id, locale)
        assert page is not None
        if self._unchanged(request, f'"{page.version}-{locale}"', None):
            return web.Response(status=304, headers={"ETag": f'"{page.version}-{locale}"'})
        html = self._render_once(
            ("community", page.version, locale, self._base(request)),
            request,
            "community.html",
            locale,
            page=page,
            feed=community_feed_path(community_id),
            section_path=lambda slug: section_path(community_id, slug),
        )
        return self._page(request, html, f'"{page.version}-{locale}"')

    async def _section_page(self, request: web.Request) -> tuple[Any, str] | None:
        community_id = int(request.match_info["community"])
        slug = request.match_info["slug"]
        if not _SLUG.match(slug):
            return None
        publishing = self._inbound.publishing
        community = await publishing.community(community_id)
        if community is None:
            return None
        locale = await self._locale(request, community.locale)
        page = await publishing.section_page(community_id, slug, locale)
        return (page, locale) if page is not None else None

    async def _section(self, request: web.Request) -> web.StreamResponse:
        found = await self._section_page(request)
        if found is None:
            return self._not_found(request)
        page, locale = found
        etag = f'"{page.version}-{locale}"'
        if self._unchanged(request, etag, None):
            return web.Response(status=304, headers={"ETag": etag})
        community_id, slug = page.community.id, page.section.slug
        base = self._base(request)
        html = self._render_once(
            ("section", page.version, locale, base),
            request,
            "section.html",
            locale,
            page=page,
            feed=section_feed_path(community_id, slug),
            atom=atom_path(community_id, slug),
            embed=base + embed_path(community_id, slug),
            home=community_path(community_id),
            webcal="webcal://" + (base + section_feed_path(community_id, slug)).split("://", 1)[1],
        )
        return self._page(request, html, etag)

    async def _embed(self, request: web.Request) -> web.StreamResponse:
        found = await self._section_page(request)
        if found is None:
            return self._not_found(request)
        page, locale = found
        upcoming = next((meeting for meeting in page.meetings if not meeting.cancelled), None)
        html = self._render_once(
            ("embed", page.version, locale, self._base(request)),
            request,
            "embed.html",
            locale,
            page=page,
            meeting=upcoming,
            more=self._base(request) + section_path(page.community.id, page.section.slug),
        )
        etag = f'"{page.version}-{locale}-embed"'
        # The one page others may frame: that is what it is for.
        return self._page(request, html, etag, framing="*")

    async def _atom(self, request: web.Request) -> web.StreamResponse:
        found = await self._section_page(request)
        if found is None:
            return self._not_found(request)
        page, locale = found
        base = self._base(request)
        url = base + section_path(page.community.id, page.section.slug)
        entries = _atom_entries(page, url)
        updated = max((entry["updated"] for entry in entries), default=datetime(2026, 1, 1, tzinfo=UTC))
        body = self._render(
            request,
            "atom.xml",
            locale,
            page=page,
            url=url,
            self_url=base + request.path,
            entries=entries,
            updated=updated,
        )
        etag = f'"{page.version}-{locale}-atom"'
        if self._unchanged(request, etag, None):
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            text=body,
            content_type="application/atom+xml",
            charset="utf-8",
            headers={"ETag": etag, "Cache-Control": "max-age=300"},
        )

    async def _section_feed(self, request: web.Request) -> web.StreamResponse:
        slug = request.match_info["slug"]
        if not _SLUG.match(slug):
            return self._not_found(request)
        file = await self._inbound.publishing.section_feed(int(request.match_info["community"]), slug)
        return self._calendar(request, file, f"{slug}.ics")

    async def _community_feed(self, request: web.Request) -> web.StreamResponse:
        file = await self._inbound.publishing.community_feed(int(request.match_info["community"]))
        return self._calendar(request, file, "calendar.ics")

    async def _meeting_feed(self, request: web.Request) -> web.StreamResponse:
        file = await self._inbound.publishing.meeting_feed(
            int(request.match_info["community"]), int(request.match_info["occurrence"])
        )
        return self._calendar(request, file, "meeting.ics")

    async def _personal_feed(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        file = await self._inbound.publishing.personal_feed(token) if _TOKEN.match(token) else None
        # Private: no shared cache may keep it.
        return self._calendar(request, file, "my-meetings.ics", cache="private, max-age=300")

    # --- responses -----------------------------------------------------------------------------------

    def _calendar(
        self, request: web.Request, file: CalendarFile | None, name: str, cache: str = "public, max-age=300"
    ) -> web.StreamResponse:
        if file is None:
            return self._not_found(request)
        headers = {
            "ETag": file.etag,
            "Last-Modified": format_datetime(file.modified.astimezone(UTC), usegmt=True),
            "Cache-Control": cache,
        }
        if self._unchanged(request, file.etag, file.modified):
            return web.Response(status=304, headers=headers)
        headers["Content-Disposition"] = f'inline; filename="{name}"'
        return web.Response(body=file.body, content_type="text/calendar", charset="utf-8", headers=headers)

    @staticmethod
    def _unchanged(request: web.Request, etag: str, modified: datetime | None) -> bool:
        """RFC 9110 §13.2.2: If-None-Match decides when given; else If-Modified-Since."""
        match = request.headers.get("If-None-Match")
        if match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
            return etag in tags or "*" in tags
        since = request.headers.get("If-Modified-Since")
        if since is None or modified is None:
            return False
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            return False
        return modified.replace(microsecond=0) <= when

    def _page(self, request: web.Request, html: str, etag: str, framing: str = "'none'") -> web.Response:
        headers = {
            "Content-Security-Policy": f"{_PAGE_POLICY}; frame-ancestors {framing}",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "public, max-age=60",
            "Vary": "Accept-Language",
        }
        if etag:
            headers["ETag"] = etag
        return web.Response(text=html, content_type="text/html", charset="utf-8", headers=headers)

    def _not_found(self, request: web.Request) -> web.Response:
        """The same answer for every page that is not public: nothing tells a sensitive section from none."""
        locale = choose_locale(request.query.get("lang"), request.headers.get("Accept-Language"), "en")
        html = self._render(request, "not_found.html", locale)
        return web.Response(
            status=404,
            text=html,
            content_type="text/html",
            charset="utf-8",
            headers={"Cache-Control": "no-store", "Content-Security-Policy": f"{_PAGE_POLICY}; frame-ancestors 'none'"},
        )


def _atom_entries(page: Any, url: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for meeting in page.meetings:
        if meeting.occurrence_id is None:
            continue
        entries.append(
            {
                "id": f"{url}#meeting-{meeting.occurrence_id}",
                "kind": "call",
                "meeting": meeting,
                "updated": meeting.start.astimezone(UTC),
                "link": f"{url}#meeting-{meeting.occurrence_id}",
            }
        )
    for memo in page.memos:
        entries.append(
            {
                "id": f"{url}#memo-{memo.id}",
                "kind": "memo",
                "memo": memo,
                "updated": memo.posted_at.astimezone(UTC),
                "link": f"{url}#memo-{memo.id}",
            }
        )
    return sorted(entries, key=lambda entry: entry["updated"], reverse=True)
