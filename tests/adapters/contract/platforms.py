"""Each adapter as the contract suite sees it: the same few things a person does, on its own platform.

A platform here is #shiatsu with Anna (a community admin, its coordinator), Bo and Cleo in it, the bot ready.
Adding a platform to the suite means writing one more class like these and one fixture line in conftest.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bot.bootstrap import Core, build_core
from bot.ports import ChatGateway, Destination, DestinationKind, SentMessage
from bot.settings import Settings
from tests.adapters.discord.conftest import DiscordWorld, footer
from tests.adapters.matrix.conftest import MARKER, MatrixWorld, Person, content, is_edit, replied_to
from tests.console_driver import ConsoleDriver

PEOPLE = ("Anna", "Bo", "Cleo")


@dataclass(frozen=True)
class Seen:
    """A command's answer: as the person who typed it sees it, and everything of the bot's a second member in
    the same channel can see since it was typed."""

    asker: str
    others: str


class Platform(Protocol):
    name: str
    core: Core
    #: Whether the platform keeps what is typed while the bot is stopped (and the bot then answers it).
    keeps_offline_commands: bool

    async def command(self, person: str, path: str, **options: str) -> Seen: ...

    async def deliver(self) -> None: ...

    async def channel(self) -> str: ...

    async def marked(self, marker: str) -> int:
        """How many messages with this marker #shiatsu shows."""
        ...

    async def shown(self, message: SentMessage) -> str:
        """The text a member sees now for this message (its latest edit)."""
        ...

    async def files(self) -> list[str]:
        """The names of the files the bot posted in #shiatsu, in order."""
        ...

    async def call(self) -> str:
        """The platform's id of the meeting call in #shiatsu (schedules a meeting if there is none)."""
        ...

    async def react(self, who: str, message: str, emoji: str, *, added: bool) -> None: ...

    async def mention_problems(self) -> list[str]:
        """Every bot send or edit that lets the platform parse mentions (empty when none did)."""
        ...

    async def typed_while_stopped(self, who: str, path: str) -> list[str]:
        """Stop the bot, ``who`` types ``path`` in #shiatsu, start it again: its answers to that, as shown."""
        ...


def text_form(path: str, options: dict[str, str]) -> str:
    return " ".join([path, *(f'{name}:"{value}"' for name, value in options.items())])


def gateway_of(platform: Platform) -> ChatGateway:
    return platform.core.gateways[platform.name]


async def shiatsu_destination(platform: Platform) -> Destination:
    channel = await platform.channel()
    section = await platform.core.services.sections.by_channel(platform.name, channel)
    assert section is not None
    return Destination(platform.name, DestinationKind.CHANNEL, section.community_id, channel, section_id=section.id)


# --- the console ------------------------------------------------------------------------------------------------


def _blocks(output: str) -> list[tuple[str, str]]:
    """(header, text) of each block the console printed."""
    found: list[tuple[str, str]] = []
    for line in output.splitlines():
        if line and not line.startswith(" "):
            found.append((line, ""))
        elif found:
            header, text = found[-1]
            found[-1] = (header, text + line.strip() + "\n")
    return found


@dataclass
class ConsolePlatform:
    driver: ConsoleDriver
    core: Core
    settings: Settings
    url: str
    name: str = "console"
    keeps_offline_commands: bool = True
    output: str = ""
    _call: str | None = None

    async def setup(self) -> None:
        await self.driver.start()
        await self._say(
            ":as Anna\n/section create Shiatsu\n:as Bo\n/section join shiatsu\n:as Cleo\n/section join shiatsu"
        )

    def name_of(self, person: str) -> str:
        return person

    async def _say(self, script: str) -> str:
        printed = await self.driver.say(script)
        self.output += printed
        return printed

    async def command(self, person: str, path: str, **options: str) -> Seen:
        printed = await self._say(f":as {person}\n:in shiatsu\n/{text_form(path, options)}")
        private = (f"@{person} (only you)", f"@{person} (direct)")
        blocks = _blocks(printed)
        return Seen(
            asker="".join(text for _, text in blocks),
            others="".join(text for header, text in blocks if header not in private),
        )

    async def deliver(self) -> None:
        await self._say(":time +1s")

    async def channel(self) -> str:
        return "#shiatsu"

    async def marked(self, marker: str) -> int:
        return sum(1 for message in self.driver.app.gateway.messages.values() if message.marker == marker)

    async def files(self) -> list[str]:
        return [
            Path(found).name
            for header, text in _blocks(self.driver.printed())
            if header.startswith("#shiatsu")
            for found in re.findall(r"📎 (\S+) \(", text)
        ]

    async def shown(self, message: SentMessage) -> str:
        found = [
            text
            for header, text in _blocks(self.driver.printed())
            if re.search(rf"message {message.message}\b", header)
        ]
        return found[-1]

    async def call(self) -> str:
        if self._call is None:
            await self._say(':as Anna\n:in shiatsu\n/meeting schedule "weekly tue" 18:00 90 Hus')
            (self._call,) = [
                str(number) for number, m in self.driver.app.gateway.messages.items() if ":call:" in m.marker
            ]
        return self._call

    async def react(self, who: str, message: str, emoji: str, *, added: bool) -> None:
        await self._say(f":as {who}\n:{'react' if added else 'unreact'} {message} {emoji}")

    async def mention_problems(self) -> list[str]:
        return []  # a terminal parses nothing: what the bot prints is the text, checked literally in the test

    async def typed_while_stopped(self, who: str, path: str) -> list[str]:
        # The console's "platform" is its input: lines typed before it starts wait there and are read at start.
        await self.core.close()
        self.core = await build_core(self.settings, self.driver.clock, database_url=self.url)
        self.driver = ConsoleDriver(self.core, self.driver.clock)
        waiting = f":as {who}\n:in shiatsu\n/{path}"
        await self.driver.start()
        printed = await self._say(waiting)
        return [text for _, text in _blocks(printed)]


# --- Discord ------------------------------------------------------------------------------------------------


@dataclass
class DiscordPlatform:
    world: DiscordWorld
    name: str = "discord"
    keeps_offline_commands: bool = False
    users: dict[str, int] = field(default_factory=dict)
    _call: str | None = None

    @property
    def core(self) -> Core:
        return self.world.core

    def name_of(self, person: str) -> str:
        return {"Anna": "Ada Admin", "Bo": "Bob", "Cleo": "Alice"}[person]

    async def setup(self) -> None:
        w = self.world
        self.users = {"Anna": w.admin, "Bo": w.bob, "Cleo": w.alice}
        await w.open_section(coordinator=w.alice, members=(w.bob,))  # Cleo proposes it, the board approves

    async def command(self, person: str, path: str, **options: str) -> Seen:
        channel = int(await self.channel())
        before = {m["id"] for m in self.world.standin.messages_in(channel)}
        answer = await self.world.command(path, dict(options), user=self.users[person], channel=channel)
        posted = [m for m in self.world.standin.messages_in(channel) if m["id"] not in before]
        visible = [] if answer.ephemeral else [answer.text]
        visible += [str(embed.get("description", "")) for m in posted for embed in m.get("embeds", [])]
        return Seen(asker=answer.text, others="\n".join(visible))

    async def deliver(self) -> None:
        await self.world.run()

    async def channel(self) -> str:
        return str(self.world.channel_of("shiatsu"))

    async def marked(self, marker: str) -> int:
        return sum(1 for m in self.world.standin.messages_in(int(await self.channel())) if footer(m) == marker)

    async def files(self) -> list[str]:
        posted = self.world.standin.messages_in(int(await self.channel()))
        return [str(file["filename"]) for m in posted for file in m.get("attachments", [])]

    async def shown(self, message: SentMessage) -> str:
        shown = self.world.standin.message(int(message.message))
        return "\n".join(str(embed.get("description", "")) for embed in shown.get("embeds", []))

    async def call(self) -> str:
        if self._call is None:
            channel = int(await self.channel())
            await self.world.command(
                "meeting schedule",
                {"rule": "weekly tue", "time": "18:00", "duration": "90", "place": "Hus"},
                user=self.users["Anna"],
                channel=channel,
            )
            await self.world.run()
            (call,) = self.world.posts_titled(channel, "Meeting call")
            self._call = str(call["id"])
        return self._call

    async def react(self, who: str, message: str, emoji: str, *, added: bool) -> None:
        if added:
            await self.world.react(int(message), emoji, self.users[who])
        else:
            await self.world.unreact(int(message), emoji, self.users[who])

    async def mention_problems(self) -> list[str]:
        problems, inspected = [], 0
        for call in self.world.standin.calls_to("*", re.compile(r"/channels/\d+/messages|/interactions/|/webhooks/")):
            body = call.json if isinstance(call.json, dict) else {}
            if call.method in ("POST", "PATCH") and ("embeds" in body or "content" in body or "data" in body):
                sent = body.get("data", body) if isinstance(body.get("data"), dict) else body
                inspected += 1
                if sent.get("allowed_mentions") != {"parse": []}:
                    problems.append(f"{call.method} {call.path}: {sent.get('allowed_mentions')}")
        return problems if inspected else ["no send or edit was seen: the check proves nothing"]

    async def typed_while_stopped(self, who: str, path: str) -> list[str]:
        raise AssertionError("Discord keeps no interaction for a bot that is offline")


# --- Matrix -------------------------------------------------------------------------------------------------


@dataclass
class MatrixPlatform:
    world: MatrixWorld
    name: str = "matrix"
    keeps_offline_commands: bool = True
    people: dict[str, Person] = field(default_factory=dict)
    reactions: dict[tuple[str, str, str], str] = field(default_factory=dict)
    _call: str | None = None

    @property
    def core(self) -> Core:
        return self.world.core

    async def setup(self) -> None:
        _, people = await self.world.shiatsu("Bo", "Cleo")
        self.people = dict(zip(PEOPLE, people, strict=True))

    def name_of(self, person: str) -> str:
        return person

    def _other(self, who: str) -> Person:
        return self.people["Cleo" if who != "Cleo" else "Bo"]

    async def command(self, person: str, path: str, **options: str) -> Seen:
        room = await self.channel()
        other = self._other(person)
        typist = self.people[person]
        seen_before = len(other.bot_events(room, self.world.bot_id))
        asked = await typist.say(room, "!" + text_form(path, options))
        await self.world.bot_sync()
        await self.world.deliver()
        answer = await self.world.reply_to(typist, room, asked)
        await other.until(
            lambda: any(replied_to(e) == asked for e in other.bot_events(room, self.world.bot_id)),
            "the bot's reply in the room",
        )
        visible = [str(content(e).get("body", "")) for e in other.bot_events(room, self.world.bot_id)[seen_before:]]
        return Seen(asker=str(content(answer)["body"]), others="\n".join(visible))

    async def deliver(self) -> None:
        await self.world.deliver()

    async def channel(self) -> str:
        return await self.world.room_of("shiatsu")

    async def marked(self, marker: str) -> int:
        history = await self.world.history(await self.channel())
        return sum(1 for e in history if e["type"] == "m.room.message" and content(e).get(MARKER) == marker)

    async def files(self) -> list[str]:
        history = await self.world.history(await self.channel())
        kinds = ("m.image", "m.file")
        return [str(content(e)["body"]) for e in history if content(e).get("msgtype") in kinds]

    async def shown(self, message: SentMessage) -> str:
        history = await self.world.history(message.channel)
        edits = [e for e in history if is_edit(e) and content(e)["m.relates_to"]["event_id"] == message.message]
        if edits:
            return str(content(edits[-1])["m.new_content"]["body"])
        (original,) = [e for e in history if e["event_id"] == message.message]
        return str(content(original)["body"])

    async def call(self) -> str:
        if self._call is None:
            await self.command("Anna", "meeting schedule", rule="weekly tue", time="18:00", duration="90", place="Hus")
            await self.world.deliver()
            posts = await self.world.bot_posts(await self.channel())
            (call,) = [e for e in posts if ":call:" in content(e)[MARKER]]
            self._call = str(call["event_id"])
        return self._call

    async def react(self, who: str, message: str, emoji: str, *, added: bool) -> None:
        person, room = self.people[who], await self.channel()
        if added:
            self.reactions[(who, message, emoji)] = await person.react(room, message, emoji)
        else:
            await person.redact(room, self.reactions.pop((who, message, emoji)))
        await self.world.bot_sync()

    async def mention_problems(self) -> list[str]:
        rooms = {row.external_channel for row in await self.world.outbox() if row.external_channel}
        problems, inspected = [], 0
        for room in rooms:
            for event in await self.world.history(room):
                if event["sender"] == self.world.bot_id and event["type"] == "m.room.message":
                    inspected += 1
                    body = content(event)
                    shown = body.get("m.new_content", body)
                    if body.get("m.mentions") != {} or shown.get("m.mentions") != {}:
                        problems.append(f"{room} {event['event_id']}: {body.get('m.mentions')}")
        return problems if inspected else ["no message of the bot was seen: the check proves nothing"]

    async def typed_while_stopped(self, who: str, path: str) -> list[str]:
        person, room = self.people[who], await self.channel()
        await self.world.stop_bot()
        asked = await person.say(room, "!" + path)
        await self.world.start_bot()
        await self.world.bot_sync()
        await self.world.reply_to(person, room, asked)
        await self.world.restart()  # and once more: nothing is answered twice
        await self.world.bot_sync(timeout_ms=0)
        history = await self.world.history(room)
        return [str(content(e)["body"]) for e in history if replied_to(e) == asked]
