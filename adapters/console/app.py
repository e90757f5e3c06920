"""The console: reads lines, runs commands as a chosen member, prints every bot post as a block.

Meta lines drive the simulation: ``:as NAME``, ``:in SECTION``, ``:time ISO|+3d``,
``:react MSG EMOJI``, ``:unreact MSG EMOJI``, ``:locale sv``. A line starting with ``#`` is a
comment, so scripts can explain themselves.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TextIO

from adapters.console.render import render_block
from bot.bootstrap import Core
from bot.clock import SimulatedClock
from bot.commands.context import CommandContext
from bot.commands.dispatcher import dispatch
from bot.commands.grammar import parse, split_words
from bot.domain.models import Community, Member
from bot.errors import UserError
from bot.events import Announcement, Event
from bot.replies import Reply, error

log = logging.getLogger(__name__)

PLATFORM = "console"
COMMUNITY_ID = "console"
_OFFSET = re.compile(r"^\+(\d+)([dhmw])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "w": "weeks"}


@dataclass
class _Post:
    channel: str
    reactions: dict[str, set[str]] = field(default_factory=dict)


class ConsoleApp:
    def __init__(self, core: Core, clock: SimulatedClock, output: TextIO, *, echo: bool) -> None:
        self._core = core
        self._clock = clock
        self._out = output
        self._echo = echo
        self._community: Community | None = None
        self._member: Member | None = None
        self._channel = "central"
        self._posts: dict[int, _Post] = {}
        self._pending: list[Announcement] = []
        core.bus.subscribe(self._on_event)

    async def start(self) -> None:
        community = self._core.settings.community
        self._community = await self._core.services.communities.ensure_community(
            PLATFORM, COMMUNITY_ID, name=community.name, timezone=community.timezone, locale=community.locale
        )

    async def run(self, lines: AsyncIterator[str]) -> None:
        await self.start()
        async for raw in lines:
            await self.handle_line(raw.rstrip("\n"))

    async def handle_line(self, line: str) -> None:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return
        if self._echo:
            self._print(f"{self._who()}> {stripped}")
        try:
            if stripped.startswith(":"):
                await self._meta(stripped[1:])
            elif stripped.startswith(("/", "!")):
                await self._command(stripped)
            else:
                self._note("console-not-a-command")
        except UserError as refusal:
            self._show_private(error(refusal.key, **refusal.args_))
        except Exception:
            log.exception("console line failed")
            self._show_private(error("error-unexpected"))

    async def _command(self, line: str) -> None:
        member = await self._current_member()
        ctx = self._context(member)
        answer = await dispatch(ctx, parse(ctx.services.registry, line, line[0]))
        if answer.private:
            self._show_private(answer)
        else:
            self._show_public(self._channel, answer)
        await self._flush_announcements()

    def _context(self, member: Member) -> CommandContext:
        assert self._community is not None
        return CommandContext(
            services=self._core.services,
            community=self._community,
            member=member,
            platform=PLATFORM,
            channel_section=self._channel,
            prefix="/",
        )

    async def _meta(self, text: str) -> None:
        words = split_words(text)
        verb, args = (words[0].lower(), words[1:]) if words else ("", [])
        if verb == "as" and args:
            self._member = await self._ensure_member(" ".join(args))
        elif verb == "in" and len(args) == 1:
            assert self._community is not None
            section = await self._core.services.sections.get(self._community, args[0])
            self._channel = section.slug
        elif verb == "time" and len(args) == 1:
            self._set_time(args[0])
            self._print(f"· {self._clock.now().isoformat()}")
        elif verb in ("react", "unreact") and len(args) == 2:
            self._react(args[0], args[1], add=verb == "react")
        elif verb == "locale" and len(args) == 1:
            member = await self._current_member()
            self._member = await self._core.services.communities.set_locale(member, args[0])
        else:
            raise UserError("console-bad-meta", line=text[:60])

    def _set_time(self, value: str) -> None:
        offset = _OFFSET.match(value)
        if offset:
            self._clock.advance(timedelta(**{_UNITS[offset.group(2)]: int(offset.group(1))}))
            return
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise UserError("console-bad-time", value=value[:40]) from None
        if instant.tzinfo is None:
            raise UserError("console-bad-time", value=value[:40])
        self._clock.set(instant)

    def _react(self, message: str, emoji: str, *, add: bool) -> None:
        post = self._posts.get(int(message)) if message.isdigit() else None
        if post is None:
            raise UserError("console-unknown-message", message=message[:20])
        who = self._who()
        reactors = post.reactions.setdefault(emoji, set())
        if add:
            reactors.add(who)
        else:
            reactors.discard(who)

    async def _current_member(self) -> Member:
        if self._member is None:
            self._member = await self._ensure_member("admin")
        return self._member

    async def _ensure_member(self, name: str) -> Member:
        assert self._community is not None
        return await self._core.services.communities.ensure_member(
            self._community, PLATFORM, name.casefold(), display_name=name, admin_if_first=True
        )

    async def _on_event(self, event: Event) -> None:
        if isinstance(event, Announcement):
            self._pending.append(event)

    async def _flush_announcements(self) -> None:
        pending, self._pending = self._pending, []
        for announcement in pending:
            section = await self._core.services.sections.by_id(announcement.section_id)
            self._show_public(section.slug, announcement.content)

    def _show_public(self, channel: str, content: Reply) -> None:
        message_id = len(self._posts) + 1
        self._posts[message_id] = _Post(channel)
        self._print(self._block(f"#{channel} · message {message_id}", content))

    def _show_private(self, content: Reply) -> None:
        self._print(self._block(f"@{self._who()} (only you)", content))

    def _block(self, header: str, content: Reply) -> str:
        return render_block(self._core.services.translator, self._locale(), header, content)

    def _note(self, key: str) -> None:
        self._print("· " + self._core.services.translator.format(self._locale(), key))

    def _locale(self) -> str:
        assert self._community is not None
        if self._member is not None and self._member.locale:
            return self._member.locale
        return self._community.locale

    def _who(self) -> str:
        return self._member.display_name if self._member else "admin"

    def _print(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()
