"""The console: reads lines, runs commands as a chosen member, prints every bot post as a block.

Meta lines drive the simulation: ``:as NAME``, ``:in SECTION``, ``:time ISO|+3d``,
``:react MSG EMOJI``, ``:unreact MSG EMOJI``, ``:locale sv``. A line starting with ``#`` is a
comment, so scripts can explain themselves. Time only moves when told to; when it does, every
delivery due on the way goes out at its own moment.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console.gateway import PLATFORM, ConsoleGateway
from adapters.console.render import render_block
from bot.bootstrap import Core
from bot.clock import SimulatedClock
from bot.commands.context import CommandContext
from bot.commands.dispatcher import dispatch
from bot.commands.grammar import parse, split_words
from bot.delivery.simulation import run_until
from bot.domain.models import Community, Member
from bot.errors import UserError
from bot.events import DeliveriesQueued, Event, MeetingChanged
from bot.ports import Destination, Post
from bot.replies import Reply, error

log = logging.getLogger(__name__)

COMMUNITY_ID = "console"
_OFFSET = re.compile(r"^\+(\d+)([dhmws])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "w": "weeks", "s": "seconds"}


class ConsoleApp:
    def __init__(
        self, core: Core, clock: SimulatedClock, output: TextIO, *, echo: bool, history: Path | None = None
    ) -> None:
        self._core = core
        self._clock = clock
        self._out = output
        self._echo = echo
        self._community: Community | None = None
        self._member: Member | None = None
        self._channel = "central"
        # Set by the core when something was queued or a call needs an edit; saves a delivery round
        # after every command that changed nothing of the kind.
        self._work_waiting = True
        core.bus.subscribe(self._on_event)
        self.gateway = ConsoleGateway(
            output, core.services.translator, self._channel_name, self._viewer_locale, history
        )

    async def start(self) -> None:
        settings = self._core.settings.community
        self._community = await self._core.services.communities.ensure_community(
            PLATFORM, COMMUNITY_ID, name=settings.name, timezone=settings.timezone, locale=settings.locale
        )
        self._core.add_gateway(self.gateway, self._resolve)
        await self._core.prepare_delivery()
        # The console's platform is in memory (reading back costs nothing) and its output is a script's
        # answer: wait, so a line typed at once sees the answers as they stand.
        await self._core.reconciled()
        await self._let_time_pass(self._clock.now())

    async def run(self, lines: AsyncIterator[str]) -> None:
        await self.start()
        async for raw in lines:
            await self.handle_line(raw.rstrip("\n"))
        # Let coalesced edits that were waiting for their 2 seconds go out before leaving.
        await self._let_time_pass(self._clock.now() + timedelta(seconds=2))

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
        # The command may have changed the member (``language``): reload, so the reply uses it.
        self._member = await self._core.services.communities.member(member.id)
        if answer.private:
            self._show_private(answer)
        else:
            self.gateway.publish(f"#{self._channel}", Post(answer, self._locale(), marker=""))
        if self._work_waiting:
            await self._let_time_pass(self._clock.now())

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
            await self._let_time_pass(self._target_time(args[0]))
            assert self._community is not None
            local = self._clock.now().astimezone(ZoneInfo(self._community.timezone))
            self._print(f"· {local.isoformat(timespec='minutes')} ({self._community.timezone})")
        elif verb in ("react", "unreact") and len(args) == 2:
            await self._react(args[0], args[1], added=verb == "react")
        elif verb == "locale" and len(args) == 1:
            member = await self._current_member()
            self._member = await self._core.services.communities.set_locale(member, args[0])
        else:
            raise UserError("console-bad-meta", line=text[:60])

    def _target_time(self, value: str) -> datetime:
        offset = _OFFSET.match(value)
        if offset:
            return self._clock.now() + timedelta(**{_UNITS[offset.group(2)]: int(offset.group(1))})
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise UserError("console-bad-time", value=value[:40]) from None
        if instant.tzinfo is None:
            raise UserError("console-bad-time", value=value[:40])
        if instant < self._clock.now():
            raise UserError("console-time-backwards", value=value[:40])
        return instant

    async def _let_time_pass(self, target: datetime) -> None:
        self._work_waiting = False
        await run_until(self._clock, self._core.worker, self._core.editor, target)
        self._work_waiting = self._core.editor.pending

    async def _on_event(self, event: Event) -> None:
        if isinstance(event, (DeliveriesQueued, MeetingChanged)):
            self._work_waiting = True

    async def _react(self, number: str, emoji: str, *, added: bool) -> None:
        member = await self._current_member()
        message = (
            self.gateway.react(int(number), emoji, member.display_name.casefold(), added=added)
            if number.isdigit()
            else None
        )
        if message is None:
            raise UserError("console-unknown-message", message=number[:20])
        await self._core.services.rsvps.on_reaction(PLATFORM, str(message.number), member, emoji, added=added)
        await self._let_time_pass(self._clock.now())

    async def _current_member(self) -> Member:
        if self._member is None:
            self._member = await self._ensure_member("admin")
        return self._member

    async def _ensure_member(self, name: str) -> Member:
        assert self._community is not None
        return await self._core.services.communities.ensure_member(
            self._community, PLATFORM, name.casefold(), display_name=name, admin_if_first=True
        )

    async def _resolve(self, community_id: int, user: str) -> Member | None:
        return await self._core.services.communities.member_by_account(community_id, PLATFORM, user)

    async def _channel_name(self, destination: Destination) -> str:
        if destination.member_id is not None:
            member = await self._core.services.communities.member(destination.member_id)
            return f"@{member.display_name} (direct)"
        assert destination.section_id is not None
        section = await self._core.services.sections.by_id(destination.section_id)
        return f"#{section.slug}"

    def _show_private(self, content: Reply) -> None:
        self._print(render_block(self._core.services.translator, self._locale(), f"@{self._who()} (only you)", content))

    def _note(self, key: str) -> None:
        self._print("· " + self._core.services.translator.format(self._locale(), key))

    def _viewer_locale(self) -> str | None:
        return self._member.locale if self._member is not None else None

    def _locale(self) -> str:
        assert self._community is not None
        return self._viewer_locale() or self._community.locale

    def _who(self) -> str:
        return self._member.display_name if self._member else "admin"

    def _print(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()
