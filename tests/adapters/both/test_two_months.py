"""Done when: the two-month scenario of the meetings issue runs with members split across Discord and Matrix and
one merged attendee list.

The same two months as tests/meetings/scripts/two_months_en.txt (every other Tuesday at 18:00 in Stockholm from
3 March, across the switch to summer time on 29 March, the bot restarted on 30 March), with one core serving a
guild of the Discord stand-in and a space on Synapse: Anna, Dan and Fia use Discord; Cleo and Eva use Matrix;
Bo started on Matrix and linked his Discord account, and answers on either. Each meeting has a call on each
platform, both showing the same answers; the channel reminders go out on both; Bo's direct reminders only on
Matrix, where he is; nothing is posted twice on either platform.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.adapters.both.conftest import BothWorld, utc
from tests.adapters.discord.conftest import ERROR, counts, description, footer
from tests.adapters.matrix.conftest import MARKER, Person, content, latest_body

pytestmark = pytest.mark.e2e

#: Five meetings held (3, 17, 31 March, 14, 28 April) and the call for 12 May.
MEETINGS = 6
#: The one merged answer list of each meeting, whichever platform each answer came from.
ANSWERS = [
    {"Bo": "yes", "Cleo": "yes", "Dan": "maybe", "Eva": "yes", "Fia": "no"},
    {"Bo": "yes", "Cleo": "maybe", "Dan": "no", "Eva": "yes"},
    {"Bo": "yes", "Cleo": "yes", "Dan": "maybe", "Fia": "maybe"},  # Bo: ❌ on Matrix, later ✅ on Discord
    {"Bo": "yes", "Cleo": "yes", "Eva": "yes", "Fia": "no", "Dan": "maybe"},  # Dan by /rsvp
    {"Cleo": "yes", "Bo": "maybe"},
    {},
]
SHOWN = [
    f"Answers: ✅ {y} · 🤔 {m} · ❌ {n}"
    for y, m, n in [(3, 1, 1), (2, 1, 1), (2, 2, 0), (3, 1, 1), (1, 1, 0), (0, 0, 0)]
]
#: The last line of each channel reminder: those who chose the channel, named on both platforms alike.
NAMED = [
    *["Coming: Cleo. Maybe: Dan."] * 2,  # 3 March
    *["Coming: –. Maybe: Cleo."] * 2,  # 17 March: Bo and Eva come, but do not want to be named there
    "Coming: Cleo. Maybe: Dan.",  # 31 March, 24 h before: sent at the restart
    "Coming: Cleo. Maybe: Dan, Fia.",  # 31 March, 1 h before
    *["Coming: Cleo. Maybe: Dan."] * 2,  # 14 April
    *["Coming: Cleo. Maybe: –."] * 2,  # 28 April
]


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Scenario:
    """Six people on two platforms; one command or reaction at a time, as the script has them."""

    def __init__(self, both: BothWorld) -> None:
        self.both = both
        self.discord: dict[str, int] = {}
        self.matrix: dict[str, Person] = {}
        self.channel = 0
        self.room = ""

    async def slash(self, name: str, command: str, options: dict[str, Any] | None = None) -> str:
        """``name`` runs a slash command in #shiatsu on Discord; what they see."""
        answer = await self.both.discord.command(command, options, user=self.discord[name], channel=self.channel)
        assert answer.colour != ERROR, answer.text
        await self.both.run()
        return answer.text

    async def bang(self, name: str, text: str, *, in_room: bool = True) -> str:
        """``name`` types a ``!`` command on Matrix (in #shiatsu's room, or their direct room); what they see."""
        reply = await self.both.matrix.command(self.matrix[name], text, room=self.room if in_room else None)
        body = str(content(reply)["body"])
        assert not body.startswith("✖"), f"{name}: {text}: {body}"
        await self.both.run()
        return body

    async def react(self, name: str, call: int, answer: str, *, added: bool = True) -> None:
        """On Discord: ``call`` is the index of the meeting."""
        message = int(self.both.discord_calls(self.channel)[call]["id"])
        react = self.both.discord.react if added else self.both.discord.unreact
        await react(message, answer, self.discord[name])

    async def annotate(self, name: str, call: int, answer: str) -> None:
        """On Matrix: ``call`` is the index of the meeting."""
        await self.matrix[name].react(self.room, (await self.both.matrix_calls(self.room))[call], answer)


async def test_two_months_with_members_on_both_platforms(both: BothWorld) -> None:
    """One merged answer list per meeting, shown alike on both calls; reminders once, where each member is."""
    d, m = both.discord, both.matrix
    s = Scenario(both)
    both.clock.set(local("2026-03-02T09:00+01:00"))
    for name in ("Anna", "Dan", "Fia", "Bo"):
        s.discord[name] = d.standin.add_user(name.lower(), global_name=name)
        d.standin.add_member(d.guild_id, s.discord[name])
    for name in ("Bo", "Cleo", "Eva"):
        s.matrix[name] = await m.person(name)

    # Anna proposes Shiatsu on Discord, the board approves it; Dan and Fia join there, Bo, Cleo and Eva on Matrix.
    s.channel, s.room = await both.open_shiatsu(
        coordinator=s.discord["Anna"],
        on_discord=(s.discord["Dan"], s.discord["Fia"]),
        on_matrix=(s.matrix["Bo"], s.matrix["Cleo"], s.matrix["Eva"]),
    )
    bo = await both.link(s.matrix["Bo"], s.discord["Bo"])  # asked on Matrix, typed on Discord
    await s.bang(
        "Bo",
        '!profile set who:"Shiatsu therapist in Malmö" does:"Pressure point massage" '
        'needs:"Clients, bookkeeping" visible:yes',
        in_room=False,
    )
    await s.bang("Bo", "!reminders dm", in_room=False)
    await s.bang(
        "Cleo",
        '!profile set who:"Zone therapist in Lund" does:"Reflexology" needs:"Marketing" visible:yes',
        in_room=False,
    )
    await s.bang("Eva", "!reminders none", in_room=False)

    # Every other Tuesday at 18:00; the first calls go out at once (the meeting is tomorrow).
    await both.schedule(s.channel, coordinator=s.discord["Anna"])
    await s.slash("Anna", "meeting list")
    for name, answer in (("Bo", "✅"), ("Dan", "🤔"), ("Fia", "❌")):
        await s.react(name, 0, answer)
    for name, answer in (("Cleo", "✅"), ("Eva", "✅")):
        await s.annotate(name, 0, answer)
    await both.run(local("2026-03-03T19:30+01:00"))

    memo = "Bokföring: Bo asks Skatteverket about F-skatt.\\nNext time: a guest on marketing."
    assert "Memo #1 is posted" in await s.slash("Anna", "memo post", {"text": memo})
    added = await s.slash(
        "Anna", "agenda add", {"title": "Guest: marketing on Instagram", "minutes": 15, "date": "2026-03-17"}
    )
    assert "as item 6" in added
    await both.run(local("2026-03-10T18:00+01:00"))
    for name, answer in (("Bo", "✅"), ("Cleo", "🤔"), ("Eva", "✅")):
        await s.annotate(name, 1, answer)
    await s.react("Dan", 1, "❌")

    # Nobody prepares the agenda of 31 March: the calls go out on 24 March at 18:00 CET.
    await both.run(local("2026-03-24T18:00+01:00"))
    await s.annotate("Bo", 2, "❌")
    await both.run(timedelta(minutes=1))
    await s.react("Bo", 2, "✅")  # later, on his other account: this one counts
    await s.annotate("Cleo", 2, "✅")
    await s.react("Dan", 2, "🤔")

    # The bot stops an hour before the 24 h reminder of 31 March; back at 18:03 (reactions on both calls of Bo's
    # are re-read then: the later answer, given on Discord, stays).
    await both.run(local("2026-03-30T17:00+02:00"))
    await both.restart(lambda: both.clock.set(local("2026-03-30T18:03+02:00")))
    await both.run()
    await s.react("Fia", 2, "🤔")
    await both.run(local("2026-03-31T19:30+02:00"))
    assert "Memo #2 is posted" in await s.slash(
        "Anna", "memo post", {"text": "Clients: Cleo shared how she finds them on Instagram."}
    )

    await both.run(local("2026-04-07T18:00+02:00"))
    for name in ("Bo", "Cleo", "Eva"):
        await s.annotate(name, 3, "✅")
    await s.react("Fia", 3, "✅")
    await s.react("Fia", 3, "❌")
    await s.react("Fia", 3, "✅", added=False)  # Fia changes her mind: ❌, and takes her ✅ back
    assert "Noted: maybe" in await s.slash("Dan", "rsvp", {"answer": "maybe"})

    # The call for 28 April; Cleo proposes an item on Matrix, Anna accepts it on Discord.
    await both.run(local("2026-04-21T18:00+02:00"))
    await s.annotate("Cleo", 4, "✅")
    proposed = re.search(r"\(#(\d+)\)", await s.bang("Cleo", '!agenda propose "Pricing our sessions" 10'))
    assert proposed
    await s.react("Bo", 4, "🤔")
    assert "Proposed #" in await s.slash("Anna", "agenda show")
    assert "as item 6" in await s.slash("Anna", "agenda accept", {"proposal": int(proposed.group(1))})
    await both.run(local("2026-04-29T09:00+02:00"))
    assert "Memo #3 is posted" in await s.slash(
        "Anna", "memo post", {"text": "Pricing: most charge 650-800 kr per session."}
    )

    # Early May: the calls for 12 May go out on 5 May; Bo finds the first memo from either account.
    await both.run(local("2026-05-06T09:00+02:00"))
    assert "Memos mentioning “f-skatt” (1)" in await s.bang("Bo", "!memo search f-skatt", in_room=False)
    assert "Memos mentioning “BOKFORING” (1)" in await s.slash("Bo", "memo search", {"query": "BOKFORING"})
    await both.run(timedelta(seconds=2))  # the last coalesced edits of the calls

    # --- one merged attendee list, shown alike on both platforms --------------------------------------------
    discord_calls = both.discord_calls(s.channel)
    matrix_calls = await both.matrix_calls(s.room)
    assert len(discord_calls) == len(matrix_calls) == MEETINGS
    history = await m.history(s.room, limit=5000)

    for index, (on_discord, on_matrix) in enumerate(zip(discord_calls, matrix_calls, strict=True)):
        occurrence = (await d.delivery_of(int(on_discord["id"]))).occurrence_id
        assert (await m.delivery_of(on_matrix)).occurrence_id == occurrence  # one meeting, two calls
        assert occurrence is not None
        assert await d.answers(occurrence) == ANSWERS[index]
        assert SHOWN[index] in description(d.standin.message(int(on_discord["id"])))
        assert SHOWN[index] in latest_body(m, history, on_matrix)
        # Each platform's call went out at the same moment, 7 days ahead at 18:00 local (the first at once).
        assert await both.sent_at(on_discord["id"]) == await both.sent_at(on_matrix)
    assert counts(d.standin.message(int(discord_calls[0]["id"]))) == (3, 1, 1)
    presented = "– Bo: Shiatsu therapist in Malmö · does: Pressure point massage · needs: Clients, bookkeeping"
    assert presented in description(d.standin.message(int(discord_calls[0]["id"])))
    assert presented in latest_body(m, history, matrix_calls[0])

    # --- reminders: in #shiatsu on both platforms alike; Bo's by direct message only where he is (Matrix) -----
    discord_named = [description(p).splitlines()[-1] for p in d.posts_titled(s.channel, "Reminder: Shiatsu")]
    matrix_named = [
        content(e)["body"].splitlines()[-1] for e in await m.bot_posts(s.room) if ":reminder-" in content(e)[MARKER]
    ]
    assert discord_named == matrix_named == NAMED
    bo_direct = [e for e in await m.bot_posts(s.matrix["Bo"].dm) if ":reminder-" in content(e)[MARKER]]
    assert len(bo_direct) == 10
    assert {content(e)[MARKER].split(":")[3:5] == ["member", str(bo.id)] for e in bo_direct} == {True}
    bo_on_discord = d.standin.dm_channel_id(s.discord["Bo"])
    assert bo_on_discord is None or not d.bot_posts(bo_on_discord)

    # --- nothing twice, nothing lost ----------------------------------------------------------------------
    rows = await both.outbox()
    assert [(r.id, r.kind, r.state) for r in rows if r.state in ("claimed", "failed")] == []
    assert [(r.id, r.kind) for r in rows if r.state == "pending" and utc(r.due_at) <= both.clock.now()] == []
    rooms = {r.external_channel for r in rows if r.platform == "matrix" and r.external_channel}
    matrix_posts = [e for room in rooms for e in await m.bot_posts(room)]
    # The guild's owner is the community's first admin: welcomed in a direct message at the first start.
    owner = d.standin.guild(d.guild_id).owner_id
    dm_channels = [c for c in (d.standin.dm_channel_id(u) for u in [*s.discord.values(), owner]) if c is not None]
    channels = [int(c["id"]) for c in d.standin.channels_in(d.guild_id)] + dm_channels
    discord_posts = [p for channel in channels for p in d.bot_posts(channel)]
    for platform, markers in (
        ("matrix", Counter(content(e)[MARKER] for e in matrix_posts)),
        ("discord", Counter(footer(p) for p in discord_posts)),
    ):
        assert [marker for marker, n in markers.items() if n > 1] == [], platform
        # Every message sent is one marked post (invitations, roles, new rooms and who moderates are deliveries
        # with none).
        sent = {
            f"netgroups:{r.dedupe_key}"
            for r in rows
            if r.platform == platform and r.state == "sent" and r.kind not in ("access", "channel", "moderation")
        }
        assert set(markers) == sent, platform

    # Every meeting's posts in #shiatsu went out on both platforms alike: each marker once per platform.
    def meeting_posts(platform: str) -> set[str]:
        return {
            str(r.dedupe_key).removesuffix(f":{platform}")
            for r in rows
            if r.platform == platform and r.state == "sent" and r.occurrence_id is not None and r.member_id is None
        }

    assert meeting_posts("discord") == meeting_posts("matrix")
    assert len([key for key in meeting_posts("matrix") if ":call:" in key]) == MEETINGS
