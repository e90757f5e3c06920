"""The console as a chat platform: numbered messages, reactions, and a history that survives restarts.

Like Discord and Matrix it drops a second send with the same idempotency key, and keeps a
history the bot can search for a marker, so crash-recovery behaves here as it does there. The
history is a JSON-lines file beside the database (fsynced per message: it *is* the platform).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from adapters.console.render import render_block
from bot.i18n import Translator
from bot.ports import ChannelBinding, Destination, Post, ReactionSnapshot, SectionPlace, SentMessage
from bot.replies import Attachment

PLATFORM = "console"
BOT = "netgroups"


@dataclass
class ConsoleMessage:
    number: int
    channel: str
    key: str = ""
    marker: str = ""
    reactions: dict[str, set[str]] = field(default_factory=dict)


class ConsoleGateway:
    platform = PLATFORM

    def __init__(
        self,
        output: TextIO,
        translator: Translator,
        viewer_locale: Callable[[], str | None],
        history: Path | None = None,
        save: Callable[[Attachment], Path] | None = None,
    ) -> None:
        self._out = output
        #: Where a post's files go (the console's way of showing a chart): the path is printed under the post.
        self._save_file = save
        self._translator = translator
        self._viewer_locale = viewer_locale
        self._history = history
        self.messages: dict[int, ConsoleMessage] = {}
        self.sends = 0
        if history is not None and history.exists():
            self._load(history)

    # --- the ChatGateway port -------------------------------------------------------------

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        for message in self.messages.values():
            if message.key == idempotency_key:
                return SentMessage(message.channel, str(message.number))
        message = self.publish(destination.channel, post, key=idempotency_key)
        return SentMessage(destination.channel, str(message.number))

    async def edit(self, message: SentMessage, post: Post) -> None:
        self._write(self._render(f"{message.channel} · message {message.message} (edited)", post))

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        for message in self.messages.values():
            if message.marker == marker:
                return SentMessage(message.channel, str(message.number))
        return None

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        found = self.messages.get(int(message.message))
        if found is None:
            return ReactionSnapshot()
        return ReactionSnapshot({emoji: frozenset(users - {BOT}) for emoji, users in found.reactions.items()})

    async def display_name(self, user: str) -> str:
        return user

    async def open_section_channel(self, place: SectionPlace) -> ChannelBinding:
        return ChannelBinding(f"#{place.slug}")

    async def open_direct(self, user: str, name: str) -> str:
        return f"@{name} (direct)"

    async def add_to_community(self, community: str, user: str) -> None:
        """Everyone at the terminal is in the console's community already."""

    async def set_section_access(
        self, community: str, section: ChannelBinding, user: str, *, member: bool, private: bool = False
    ) -> None:
        """The console shows every channel to everyone: there is nothing to grant."""

    # The console has no permissions, power levels or categories, and declares no moderation to mirror: the core
    # queues none of the four below for it (only privacy, once, when ``[sections] sensitive`` is first turned on, for
    # every platform). They are here for the port, and do nothing if called.

    async def set_coordinator(self, community: str, section: ChannelBinding, user: str, *, coordinator: bool) -> None:
        """Everyone at the terminal may do everything the core lets them: there is no moderation to grant."""

    async def set_admin(self, community: str, user: str) -> None:
        """Admins on the console are the core's (``admin``, the first named member): nothing to grant."""

    async def set_section_archived(
        self, place: SectionPlace, section: ChannelBinding, *, archived: bool
    ) -> ChannelBinding:
        """An archived section's channel is the core's refusal to take part in it here: nothing to change."""
        return section

    async def set_section_privacy(
        self, place: SectionPlace, section: ChannelBinding, *, members: frozenset[str] | None = None
    ) -> None:
        """Whoever sits at the terminal sees every channel; a sensitive section's names are kept back by the core."""

    # --- console-only ---------------------------------------------------------------------

    def publish(self, channel: str, post: Post, *, key: str = "") -> ConsoleMessage:
        """Print a post as one numbered block (bot replies in a channel use this too)."""
        number = max(self.messages, default=0) + 1
        message = ConsoleMessage(number, channel, key, post.marker, {emoji: {BOT} for emoji in post.reactions})
        self.messages[number] = message
        self.sends += 1
        self._write(self._render(f"{channel} · message {number}", post))
        if post.reactions:
            self._write(f"  [{' '.join(post.reactions)}]")
        self._attach(post)
        self._save(message)
        return message

    def _attach(self, post: Post) -> None:
        if self._save_file is None:
            return
        locale = self._viewer_locale() or post.locale
        for attachment in post.content.attachments:
            path = self._save_file(attachment)
            saved = {"file": str(path), "size": len(attachment.data)}
            self._write("  " + self._translator.format(locale, "console-file-saved", saved))

    def react(self, number: int, emoji: str, user: str, *, added: bool) -> ConsoleMessage | None:
        message = self.messages.get(number)
        if message is None:
            return None
        users = message.reactions.setdefault(emoji, set())
        if added:
            users.add(user)
        else:
            users.discard(user)
        self._save(message)
        return message

    def _render(self, header: str, post: Post) -> str:
        locale = self._viewer_locale() or post.locale
        return render_block(self._translator, locale, header, post.content)

    def _write(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()

    def _save(self, message: ConsoleMessage) -> None:
        if self._history is None:
            return
        record: dict[str, Any] = {
            "number": message.number,
            "channel": message.channel,
            "key": message.key,
            "marker": message.marker,
            "reactions": {emoji: sorted(users) for emoji, users in message.reactions.items()},
        }
        with self._history.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def _load(self, path: Path) -> None:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a kill: the message before it is complete
            self.messages[record["number"]] = ConsoleMessage(
                record["number"],
                record["channel"],
                record["key"],
                record["marker"],
                {emoji: set(users) for emoji, users in record["reactions"].items()},
            )
