"""RSVPs: reactions and /rsvp as state, counts kept up to date on the call, a waitlist, "always", reconciliation."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest
from sqlalchemy import event, select

from adapters.console.render import render_block
from bot.bootstrap import Core
from bot.domain.meetings import Answer
from bot.domain.models import Member
from bot.ports import Destination, Post, ReactionSnapshot, SentMessage
from bot.services.meetings import SeriesRequest
from bot.services.rsvps import AnsweredNext
from bot.storage.repositories import members as member_rows
from bot.storage.schema import members, rsvps
from tests.console_driver import ConsoleDriver
from tests.fakes import SimplePlaces
from tests.meetings.helpers import (
    answers,
    calls,
    community,
    occurrence_at,
    occurrence_of,
    posts,
    rows,
    section_with,
    titled,
)

BIWEEKLY = '/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"'
FIRST = datetime(2026, 3, 3, 17, tzinfo=UTC)


async def first_call(console: ConsoleDriver, *names: str, schedule: str = BIWEEKLY) -> int:
    """#shiatsu with members ``names`` and a series whose first call (3 March) is out; its message number."""
    await section_with(console, *names, schedule=schedule)
    return calls(console)[0].number


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (["+✅"], "yes"),
        (["+🤔"], "maybe"),
        (["+❌"], "no"),
        (["+✅", "+❌"], "no"),
        (["+❌", "+🤔", "+✅"], "yes"),
        (["+✅", "+✅"], "yes"),
        (["+✅", "-✅", "+✅"], "yes"),
        (["+✅", "-✅"], None),
        (["+✅", "+🤔", "-✅"], "maybe"),
        (["+✅\ufe0f"], "yes"),
        (["+👍"], None),
    ],
    ids=[
        "yes",
        "maybe",
        "no",
        "last-wins",
        "last-of-three",
        "same-twice",
        "add-remove-add",
        "remove-clears",
        "remove-older-keeps-newer",
        "variation-selector",
        "not-an-answer",
    ],
)
async def test_reactions_set_the_answer(console: ConsoleDriver, steps: list[str], expected: str | None) -> None:
    """Reactions on the call are state: the last one written wins, removing yours clears it."""
    number = await first_call(console, "Bo")
    script = ":as Bo\n" + "\n".join(f":{'react' if s[0] == '+' else 'unreact'} {number} {s[1:]}" for s in steps)
    await console.say(script)
    first = await occurrence_at(console, FIRST)
    assert await answers(console, first.id) == ({"Bo": expected} if expected else {})


async def test_the_same_reaction_twice_changes_nothing(console: ConsoleDriver) -> None:
    """A repeated reaction leaves the answer, its time and the call as they were."""
    number = await first_call(console, "Bo")
    await console.say(f":as Bo\n:react {number} ✅\n:time +5s")
    before = await rows(console, rsvps)
    edits = console.core.editor.edits
    out = await console.say(f":react {number} ✅\n:time +5s")
    assert await rows(console, rsvps) == before
    assert console.core.editor.edits == edits
    assert not [post for post in posts(out) if post.edited]


async def test_the_bots_seed_reactions_never_count(console: ConsoleDriver) -> None:
    """The ✅ 🤔 ❌ the bot seeds are no answers, not even when reactions are read back at start."""
    number = await first_call(console, "Bo")
    assert console.app.gateway.messages[number].reactions == {
        "✅": {"netgroups"},
        "🤔": {"netgroups"},
        "❌": {"netgroups"},
    }
    await console.core.prepare_delivery()
    await console.core.reconciled()
    assert await rows(console, rsvps) == []
    out = await console.say("/meeting next")
    assert "Answers: ✅ 0 · 🤔 0 · ❌ 0" in titled(out, "Next meeting")[0].body


@pytest.mark.parametrize("answer", ["yes", "maybe", "no"])
async def test_rsvp_command_sets_the_answer(console: ConsoleDriver, answer: str) -> None:
    """/rsvp yes|maybe|no answers for the next meeting, privately, and is stored as from a command."""
    await first_call(console, "Bo")
    out = await console.say(f":as Bo\n/rsvp {answer}")
    reply = posts(out)[0]
    assert reply.header == "@Bo (only you)"
    assert reply.body == f"✔ Noted: {answer} for shiatsu on Tuesday, March 3, 2026 18:00."
    (stored,) = await rows(console, rsvps)
    assert (stored.answer, stored.source) == (answer, "command")


async def test_rsvp_command_then_reaction_last_writer_wins(console: ConsoleDriver) -> None:
    """A reaction after a command answer replaces it, and the other way round."""
    number = await first_call(console, "Bo")
    first = await occurrence_at(console, FIRST)
    await console.say(f":as Bo\n/rsvp no\n:react {number} ✅")
    assert await answers(console, first.id) == {"Bo": "yes"}
    await console.say("/rsvp maybe")
    assert await answers(console, first.id) == {"Bo": "maybe"}


async def test_counts_on_the_call_are_edited_at_most_every_two_seconds(console: ConsoleDriver) -> None:
    """Five reactions at one instant: one edit at once, exactly one more after 2 s with all five."""
    names = ("Bo", "Cleo", "Dan", "Eva", "Fia")
    number = await first_call(console, *names)
    before = console.core.editor.edits
    out = await console.say("".join(f":as {name}\n:react {number} ✅\n" for name in names))
    (edit,) = [post for post in posts(out) if post.edited]
    assert edit.header == f"#shiatsu · message {number} (edited)"
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in edit.body
    assert console.core.editor.edits == before + 1
    out = await console.say(":time +1s")
    assert not [post for post in posts(out) if post.edited]
    out = await console.say(":time +1s")
    (edit,) = [post for post in posts(out) if post.edited]
    assert "Answers: ✅ 5 · 🤔 0 · ❌ 0" in edit.body
    assert console.core.editor.edits == before + 2
    out = await console.say(":time +1m")
    assert not [post for post in posts(out) if post.edited]


async def test_a_full_meeting_puts_a_yes_on_the_waitlist(console: ConsoleDriver) -> None:
    """With capacity 2 the third yes waits, and the call shows the places and the waiting."""
    await first_call(console, "Bo", "Cleo", "Dan", schedule=BIWEEKLY + " capacity:2")
    out = await console.say(":as Bo\n/rsvp yes\n:as Cleo\n/rsvp yes\n:as Dan\n/rsvp yes\n:time +2s")
    waiting = [post for post in posts(out) if post.header == "@Dan (only you)"]
    assert waiting[0].body == (
        "✔ The meeting of shiatsu on Tuesday, March 3, 2026 18:00 is full: "
        "you are on the waiting list and will hear from me if a place opens."
    )
    edits = [post for post in posts(out) if post.edited]
    assert "Answers: ✅ 2 · 🤔 0 · ❌ 0 (places: 2, 1 waiting)" in edits[-1].body
    first = await occurrence_at(console, FIRST)
    assert await answers(console, first.id) == {"Bo": "yes", "Cleo": "yes", "Dan": "yes (waiting)"}
    assert "– Dan" not in edits[-1].body  # only those with a place present themselves


@pytest.mark.parametrize("leave", ["/rsvp no", "/rsvp maybe", ":unreact {number} ✅"], ids=["no", "maybe", "unreact"])
async def test_a_freed_place_goes_to_the_first_waiting(console: ConsoleDriver, leave: str) -> None:
    """When a yes goes, the first on the waitlist gets the place and a direct message saying so."""
    number = await first_call(console, "Bo", "Cleo", "Dan", "Eva", schedule=BIWEEKLY + " capacity:2")
    await console.say(
        f":as Bo\n:react {number} ✅\n:as Cleo\n/rsvp yes\n:as Dan\n/rsvp yes\n:as Eva\n/rsvp yes\n:time +2s"
    )
    out = await console.say(":as Bo\n" + leave.format(number=number) + "\n:time +2s")
    (promoted,) = [post for post in posts(out) if "(direct)" in post.header]
    assert promoted.header.startswith("@Dan (direct) · message")
    assert promoted.body == (
        "You have a place\nA place opened up: you are on the list for Shiatsu on Tuesday, March 3, 2026 18:00."
    )
    first = await occurrence_at(console, FIRST)
    stored = await answers(console, first.id)
    assert (stored["Cleo"], stored["Dan"], stored["Eva"]) == ("yes", "yes", "yes (waiting)")
    edits = [post for post in posts(out) if post.edited]
    assert "(places: 2, 1 waiting)" in edits[-1].body


async def test_always_puts_you_in_for_each_new_meeting(console: ConsoleDriver) -> None:
    """/rsvp always counts you in as yes for every meeting planned after it, until /rsvp never."""
    await first_call(console, "Bo")
    out = await console.say(":as Bo\n/rsvp always")
    assert posts(out)[0].body == (
        "✔ You are always coming to shiatsu: every meeting counts you in until you say /rsvp never."
    )
    out = await console.say(":time 2026-03-10T18:00+01:00")
    (call,) = titled(out, "Meeting call")
    assert "When: Tuesday, March 17, 2026 18:00" in call.body
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in call.body
    assert "– Bo" in call.body.splitlines()
    second = await occurrence_at(console, datetime(2026, 3, 17, 17, tzinfo=UTC))
    assert await answers(console, second.id) == {"Bo": "yes"}
    await console.say("/rsvp never")
    out = await console.say(":time 2026-03-24T18:00+01:00")
    (call,) = titled(out, "Meeting call")
    assert "Answers: ✅ 0 · 🤔 0 · ❌ 0" in call.body


async def test_always_also_counts_you_in_for_the_meeting_already_called(console: ConsoleDriver) -> None:
    """/rsvp always answers yes for the planned meeting whose call is out, and the call shows it."""
    number = await first_call(console, "Bo")
    out = await console.say(":as Bo\n/rsvp always\n:time +2s")
    (edit,) = [post for post in posts(out) if post.edited]
    assert edit.header == f"#shiatsu · message {number} (edited)"
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in edit.body
    first = await occurrence_at(console, FIRST)
    assert await answers(console, first.id) == {"Bo": "yes"}


async def test_always_can_be_changed_for_one_meeting(console: ConsoleDriver) -> None:
    """Someone who always comes can still say no to one meeting."""
    await first_call(console, "Bo")
    await console.say(":as Bo\n/rsvp always\n:time 2026-03-10T18:00+01:00")
    number = calls(console)[-1].number
    await console.say(f":react {number} ❌")
    second = occurrence_of(calls(console)[-1])
    assert await answers(console, second) == {"Bo": "no"}


# --- reconciliation at start, against a platform the test controls ----------------------------------------


class FakeGateway(SimplePlaces):
    """A platform whose reactions the test sets: what the bot would read back after being down."""

    platform = "fake"

    def __init__(self) -> None:
        self.sent: list[tuple[Destination, Post, str]] = []
        self.edits: list[tuple[SentMessage, Post]] = []
        self.reacted: dict[str, dict[str, set[str]]] = {}

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        number = str(len(self.sent) + 1)
        self.sent.append((destination, post, number))
        return SentMessage("room", number)

    async def edit(self, message: SentMessage, post: Post) -> None:
        self.edits.append((message, post))

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        return None

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        found = self.reacted.get(message.message, {})
        return ReactionSnapshot({emoji: frozenset(users) for emoji, users in found.items()})

    async def display_name(self, user: str) -> str:
        return user

    def call_number(self) -> str:
        (number,) = [number for _, post, number in self.sent if ":call:" in post.marker]
        return number


async def fake_platform(core: Core) -> tuple[FakeGateway, dict[str, Member], int]:
    """A community on the fake platform, members by name, and the first call of a weekly meeting sent there."""
    services = core.services
    community = await services.communities.ensure_community(
        "fake", "guild", name="Net", timezone="Europe/Stockholm", locale="en"
    )
    people = {
        name: await services.communities.ensure_member(
            community, "fake", f"u-{name.lower()}", display_name=name, admin_if_first=True
        )
        for name in ("Anna", "Bo", "Cleo", "Dan", "Eva")
    }
    gateway = FakeGateway()

    core.add_gateway(gateway)
    central = await services.sections.get(community, "central")
    await services.meetings.schedule(
        community, central, people["Anna"], SeriesRequest(rule="weekly tue", at=time(18), duration_minutes=90)
    )
    await core.worker.tick()
    details = await services.meetings.next_occurrence(central)
    return gateway, people, details.occurrence.id


async def test_reconciliation_makes_answers_equal_the_reactions(core: Core) -> None:
    """Reactions changed while the bot was down are read back at start; command answers stay."""
    gateway, people, occurrence_id = await fake_platform(core)
    call = gateway.call_number()
    rsvp = core.services.rsvps
    await rsvp.on_reaction("fake", call, people["Bo"], "✅", added=True)
    await rsvp.on_reaction("fake", call, people["Eva"], "✅", added=True)
    await rsvp.answer(occurrence_id, people["Cleo"], Answer.YES, source="command")
    # While the bot was away: Bo switched to ❌, Dan reacted 🤔, Eva took her ✅ back.
    gateway.reacted[call] = {"✅": set(), "❌": {"u-bo"}, "🤔": {"u-dan"}}
    edits = len(gateway.edits)
    await core.prepare_delivery()
    await core.reconciled()
    assert await answers(core, occurrence_id) == {"Bo": "no", "Dan": "maybe", "Cleo": "yes"}
    await core.editor.flush()
    assert len(gateway.edits) == edits + 1
    shown = render_block(core.services.translator, "en", "", gateway.edits[-1][1].content)
    assert "Answers: ✅ 1 · 🤔 1 · ❌ 1" in shown


async def test_reconciliation_twice_changes_nothing_more(core: Core) -> None:
    """Reading the same reactions again finds nothing to change."""
    gateway, _, occurrence_id = await fake_platform(core)
    call = gateway.call_number()
    gateway.reacted[call] = {"✅": {"u-bo", "u-cleo"}, "🤔": {"u-dan"}}
    await core.prepare_delivery()
    await core.reconciled()
    assert core.reconciler.progress["fake"].changed == 3
    core.read_back("fake")
    await core.reconciled()
    assert core.reconciler.progress["fake"].changed == 0
    assert await answers(core, occurrence_id) == {"Bo": "yes", "Cleo": "yes", "Dan": "maybe"}


async def test_reconciliation_keeps_an_answer_among_several_reactions(core: Core) -> None:
    """Someone showing ✅ and ❌ keeps the stored answer if it is one of them (which came last is unknown)."""
    gateway, people, occurrence_id = await fake_platform(core)
    call = gateway.call_number()
    await core.services.rsvps.on_reaction("fake", call, people["Bo"], "❌", added=True)
    gateway.reacted[call] = {"✅": {"u-bo"}, "❌": {"u-bo"}}
    await core.prepare_delivery()
    await core.reconciled()
    assert await answers(core, occurrence_id) == {"Bo": "no"}


async def test_reconciliation_makes_members_of_new_accounts(core: Core) -> None:
    """An account first seen in the read-back becomes a member, named as the platform names it, with its answer
    (as a live reaction from that account would)."""
    gateway, _, occurrence_id = await fake_platform(core)
    gateway.reacted[gateway.call_number()] = {"✅": {"u-newcomer"}}
    await core.prepare_delivery()
    await core.reconciled()
    assert await answers(core, occurrence_id) == {"u-newcomer": "yes"}


async def _answer_next_counting_statements(
    console: ConsoleDriver, name: str, answer: Answer
) -> tuple[AnsweredNext, list[str]]:
    """``name`` answers for #shiatsu's next meeting as ``/rsvp`` does; what it did and the statements its transaction
    ran (those run after its commit, by whoever heard of the change, are not counted)."""
    core = console.core
    async with core.database.transaction() as conn:
        found = await conn.execute(select(members.c.id).where(members.c.display_name == name))
        member = await member_rows.get(conn, int(found.scalar_one()))
    statements: list[str] = []
    committed = False

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not committed:
            statements.append(" ".join(statement.split()[:3]))

    def note_commit(_conn: Any) -> None:
        nonlocal committed
        committed = True

    engine = core.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", note)
    event.listen(engine, "commit", note_commit)
    try:
        answered = await core.services.rsvps.answer_next(
            await community(console), "shiatsu", member, answer, source="command", find=core.services.meetings.next_open
        )
    finally:
        event.remove(engine, "before_cursor_execute", note)
        event.remove(engine, "commit", note_commit)
    return answered, statements


async def test_an_answer_for_the_next_meeting_reads_the_section_and_the_meeting_once(console: ConsoleDriver) -> None:
    """/rsvp's usual path: the section, the next meeting read with the member's answer and membership, the answer
    written; one transaction, nothing read twice. A newcomer's yes adds their joining (and the platforms to mirror it
    on)."""
    await first_call(console, "Bo")
    await console.say(":as Bo\n/rsvp maybe\n:as Cleo\n/profile show")
    answered, statements = await _answer_next_counting_statements(console, "Bo", Answer.NO)
    assert (answered.result.answer, answered.result.changed, answered.result.joined) == (Answer.NO, True, False)
    assert answered.section.slug == "shiatsu"
    assert answered.local_start == datetime(2026, 3, 3, 18, tzinfo=answered.local_start.tzinfo)
    assert statements == [
        "SELECT sections.id, sections.community_id,",
        "SELECT occurrences.id, occurrences.series_id,",
        "INSERT INTO rsvps",
    ]

    answered, statements = await _answer_next_counting_statements(console, "Bo", Answer.NO)
    assert (answered.result.changed, statements[-1]) == (False, "SELECT occurrences.id, occurrences.series_id,")

    answered, statements = await _answer_next_counting_statements(console, "Cleo", Answer.MAYBE)
    assert (answered.result.answer, answered.result.joined) == (Answer.MAYBE, True)
    assert "INSERT INTO memberships" in statements
    assert statements[-1] == "INSERT INTO rsvps"
    first = await occurrence_at(console, FIRST)
    assert await answers(console, first.id) == {"Bo": "no", "Cleo": "maybe"}
