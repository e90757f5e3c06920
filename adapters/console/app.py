"""The console: reads lines, runs commands as a chosen member, prints every bot post as a block.

Meta lines drive the simulation: ``:as NAME``, ``:in SECTION``, ``:time ISO|+3d``,
``:react MSG EMOJI``, ``:unreact MSG EMOJI``, ``:locale sv``. A line starting with ``#`` is a
comment, so scripts can explain themselves. Time only moves when told to; when it does, every
delivery due on the way goes out at its own moment.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console.gateway import PLATFORM, ConsoleGateway
from adapters.console.render import render_block
from bot.commands.grammar import split_words
from bot.delivery.simulation import Simulation
from bot.domain.models import Community, Member
from bot.errors import UserError
from bot.inbound import Inbound, Invocation, ReactionChange, Speaker
from bot.ports import Post
from bot.replies import Attachment, Reply, error

log = logging.getLogger(__name__)

COMMUNITY_ID = "console"
_OFFSET = re.compile(r"^\+(\d+)([dhmws])$")
_MAX_OFFSET_DIGITS = 18
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "w": "weeks", "s": "seconds"}
#: Who types until the first ``:as``: a community admin by the console's own right, as a server's owner is on
#: Discord. Being there first makes nobody else less of an admin: the first member named with ``:as`` is one too.
STARTING_USER = "admin"


class ConsoleApp:
    def __init__(
        self,
        inbound: Inbound,
        simulation: Simulation,
        output: TextIO,
        *,
        echo: bool,
        history: Path | None = None,
        files: Path | None = None,
    ) -> None:
        self._inbound = inbound
        #: Where files that come with a reply (a member's data export) are saved: the console's way of handing one over.
        self._files = files
        self._time = simulation
        self._out = output
        self._echo = echo
        self._community: Community | None = None
        self._member: Member | None = None
        #: The console's account of the member typing: their name as typed after ``:as``, in lower case (the
        #: core may show the name otherwise: a long one cut, spaces made single).
        self._user = STARTING_USER
        #: ... and their name as typed, to make them a member again after an erasure.
        self._name = STARTING_USER
        self._channel = "central"
        inbound.declare(PLATFORM, welcomes_members=False, mirrors_sections=False)
        self.gateway = ConsoleGateway(output, inbound.translator, self._viewer_locale, history, save=self._save)

    async def start(self) -> None:
        self._community = await self._inbound.community(PLATFORM, COMMUNITY_ID)
        await self._inbound.attach(self.gateway)
        await self._enter(self._channel)
        # The console's platform is in memory (reading back costs nothing) and its output is a script's
        # answer: wait, so a line typed at once sees the answers as they stand.
        await self._time.reconciled()
        await self._time.advance(self._time.clock.now())

    async def run(self, lines: AsyncIterator[str]) -> None:
        await self.start()
        async for raw in lines:
            await self.handle_line(raw.rstrip("\n"))
        # Let coalesced edits that were waiting for their 2 seconds go out before leaving.
        await self._time.advance(self._time.clock.now() + timedelta(seconds=2))

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
        assert self._community is not None
        member = await self._current_member()
        invocation = Invocation(
            PLATFORM,
            self._community,
            self._speaker(member),
            line,
            channel=f"#{self._channel}",
            prefix=line[0],
        )
        answer = await self._inbound.answer(invocation)
        # The command may have changed the member (``language``): the next lines are shown in their language. It
        # may have erased them (``mydata erase``): the next line they type makes them a new member.
        self._member = await self._inbound.known_member(PLATFORM, self._community, self._user)
        if answer.reply.private:
            self._show_private(answer.reply)
        else:
            self.gateway.publish(f"#{self._channel}", Post(answer.reply, answer.locale, marker=""))
        await self._time.settle()

    async def _meta(self, text: str) -> None:
        words = split_words(text)
        verb, args = (words[0].lower(), words[1:]) if words else ("", [])
        if verb == "as" and args:
            self._member = await self._ensure_member(" ".join(args))
        elif verb == "in" and len(args) == 1:
            assert self._community is not None
            await self._enter(args[0])
        elif verb == "time" and len(args) == 1:
            await self._time.advance(self._target_time(args[0]))
            assert self._community is not None
            local = self._time.clock.now().astimezone(ZoneInfo(self._community.timezone))
            self._print(f"· {local.isoformat(timespec='minutes')} ({self._community.timezone})")
        elif verb in ("react", "unreact") and len(args) == 2:
            await self._react(args[0], args[1], added=verb == "react")
        elif verb == "locale" and len(args) == 1:
            member = await self._current_member()
            self._member = await self._inbound.set_locale(member, args[0])
        else:
            raise UserError("console-bad-meta", line=text[:60])

    def _target_time(self, value: str) -> datetime:
        """Where ``:time`` moves the clock: forward, and no further than the dates a user may type."""
        assert self._community is not None
        zone = ZoneInfo(self._community.timezone)
        window = self._time.window(self._community.timezone)
        now = self._time.clock.now()
        try:
            instant = self._read_time(value, now)
            day = instant.astimezone(zone).date()
        except OverflowError:  # beyond the year 9999: far outside the window
            raise window.refusal(value) from None
        if instant < now:
            raise UserError("console-time-backwards", value=value[:40])
        window.check(day, value)
        return instant

    def _read_time(self, value: str, now: datetime) -> datetime:
        offset = _OFFSET.match(value)
        if offset:
            digits = offset.group(1).lstrip("0") or "0"
            if len(digits) > _MAX_OFFSET_DIGITS:  # int() would refuse thousands of digits; any of these overflows
                raise OverflowError(value)
            return now + timedelta(**{_UNITS[offset.group(2)]: int(digits)})
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise UserError("console-bad-time", value=value[:40]) from None
        if instant.tzinfo is None:
            raise UserError("console-bad-time", value=value[:40])
        return instant

    async def _react(self, number: str, emoji: str, *, added: bool) -> None:
        assert self._community is not None
        member = await self._current_member()
        speaker = self._speaker(member)
        message = self.gateway.react(int(number), emoji, speaker.user, added=added) if number.isdigit() else None
        if message is None:
            raise UserError("console-unknown-message", message=number[:20])
        change = ReactionChange(str(message.number), speaker, emoji, added)
        await self._inbound.reactions(PLATFORM, self._community, [change])
        await self._time.settle()

    async def _enter(self, slug: str) -> None:
        """Type the next commands in this section's channel (known to the core as the console's ``#slug``)."""
        assert self._community is not None
        section = await self._inbound.section(self._community, slug)
        await self._inbound.section_channel(PLATFORM, section)
        self._channel = section.slug

    async def _current_member(self) -> Member:
        if self._member is None:
            self._member = await self._ensure_member(self._name)
        return self._member

    async def _ensure_member(self, name: str) -> Member:
        assert self._community is not None
        self._user, self._name = name.casefold(), name
        speaker = Speaker(self._user, name, admin=self._user == STARTING_USER)
        return await self._inbound.member(
            PLATFORM, self._community, speaker, admin_if_first=True, not_counting=(STARTING_USER,)
        )

    def _speaker(self, member: Member) -> Speaker:
        return Speaker(self._user, member.display_name, admin=self._user == STARTING_USER)

    def _show_private(self, content: Reply) -> None:
        self._print(render_block(self._inbound.translator, self._locale(), f"@{self._who()} (only you)", content))
        for attachment in content.attachments:
            path = self._save(attachment)
            self._print(
                "  "
                + self._inbound.translator.format(
                    self._locale(), "console-file-saved", {"file": str(path), "size": len(attachment.data)}
                )
            )

    def _save(self, attachment: Attachment) -> Path:
        """Write a file that came with a reply, readable by its owner only (it may be someone's personal data)."""
        folder = self._files or Path(tempfile.gettempdir()) / "netgroups-files"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / Path(attachment.filename).name
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(attachment.data)
        return path

    def _note(self, key: str) -> None:
        self._print("· " + self._inbound.translator.format(self._locale(), key))

    def _viewer_locale(self) -> str | None:
        return self._member.locale if self._member is not None else None

    def _locale(self) -> str:
        assert self._community is not None
        return self._viewer_locale() or self._community.locale

    def _who(self) -> str:
        return self._member.display_name if self._member else self._name

    def _print(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()
