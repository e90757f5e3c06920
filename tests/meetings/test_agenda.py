"""The agenda of a meeting: the default recipe, coordinators' changes, proposals, never over time."""

from __future__ import annotations

import pytest

from bot.storage.schema import agenda_items, occurrences
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import calls, only, posts, rows, section_with, titled

BIWEEKLY_90 = '/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"'
RECIPE_90 = [
    "1. Welcome (5 min)",
    "2. Presentation round: who you are, what you do, what you need (20 min)",
    "3. Current matters (15 min)",
    "4. Discussion (25 min)",
    "5. Thanks and next meeting (5 min)",
]


def items(body: str) -> list[str]:
    """The numbered agenda lines of a post."""
    return [line for line in body.splitlines() if line[:1].isdigit() and ". " in line[:4]]


async def agenda(console: ConsoleDriver) -> tuple[list[str], str]:
    """The next meeting's agenda lines and its "Planned … of … minutes" line, as /agenda show prints them."""
    body = only(await console.say("/agenda show")).body
    return items(body), body.splitlines()[-1]


async def agenda_state(console: ConsoleDriver) -> list[tuple[object, ...]]:
    return [tuple(row) for row in await rows(console, agenda_items)] + [
        (row.id, row.agenda_touched) for row in await rows(console, occurrences)
    ]


@pytest.mark.parametrize(
    ("duration", "expected", "total"),
    [
        (90, RECIPE_90, "Planned 70 of 90 minutes."),
        (
            120,
            [
                "1. Welcome (5 min)",
                "2. Presentation round: who you are, what you do, what you need (30 min)",
                "3. Current matters (20 min)",
                "4. Discussion (35 min)",
                "5. Thanks and next meeting (5 min)",
            ],
            "Planned 95 of 120 minutes.",
        ),
    ],
    ids=["90-min", "120-min"],
)
async def test_default_recipe_scaled_to_the_meeting(
    console: ConsoleDriver, duration: int, expected: list[str], total: str
) -> None:
    """A new meeting gets welcome, presentation round, current matters, discussion, thanks, sized to its length."""
    await section_with(console, schedule=f'/meeting schedule "every 2 weeks tue" 18:00 {duration}')
    assert await agenda(console) == (expected, total)


@pytest.mark.parametrize(
    ("line", "answer", "expected"),
    [
        (
            '/agenda add "Guest: bookkeeping" 15',
            "✔ Added “Guest: bookkeeping” (15 min) as item 6.",
            [*RECIPE_90, "6. Guest: bookkeeping (15 min)"],
        ),
        (
            '/agenda add "Guest: bookkeeping" 15 4',
            "✔ Added “Guest: bookkeeping” (15 min) as item 4.",
            [
                *RECIPE_90[:3],
                "4. Guest: bookkeeping (15 min)",
                "5. Discussion (25 min)",
                "6. Thanks and next meeting (5 min)",
            ],
        ),
        (
            "/agenda move 5 1",
            "✔ Item 5 is now item 1.",
            [
                "1. Thanks and next meeting (5 min)",
                "2. Welcome (5 min)",
                "3. Presentation round: who you are, what you do, what you need (20 min)",
                "4. Current matters (15 min)",
                "5. Discussion (25 min)",
            ],
        ),
        (
            "/agenda time 4 45",
            "✔ Item 4 now gets 45 minutes.",
            [*RECIPE_90[:3], "4. Discussion (45 min)", RECIPE_90[4]],
        ),
        (
            "/agenda remove 3",
            "✔ Item 3 is removed.",
            [*RECIPE_90[:2], "3. Discussion (25 min)", "4. Thanks and next meeting (5 min)"],
        ),
    ],
    ids=["add", "add-at-position", "move", "time", "remove"],
)
async def test_coordinator_changes_the_agenda(
    console: ConsoleDriver, line: str, answer: str, expected: list[str]
) -> None:
    """A coordinator adds, moves, re-times and removes items; the agenda shows the result, renumbered."""
    await section_with(console, schedule=BIWEEKLY_90)
    out = await console.say(line)
    assert posts(out)[0].body == answer
    assert (await agenda(console))[0] == expected


async def test_member_proposes_and_coordinator_accepts(console: ConsoleDriver) -> None:
    """A member's proposal waits under the agenda until a coordinator accepts it as the last item."""
    await section_with(console, "Bo", schedule=BIWEEKLY_90)
    out = await console.say(':as Bo\n/agenda propose "Marketing on Instagram"')
    (proposal,) = await rows(console, agenda_items, agenda_items.c.status == "proposed")
    assert posts(out)[0].body == (
        f"✔ Thank you! “Marketing on Instagram” is proposed (#{proposal.id}); a coordinator of shiatsu can accept it."
    )
    body = only(await console.say("/agenda show")).body
    assert f"Proposed #{proposal.id}: Marketing on Instagram (10 min), waiting for a coordinator" in body
    assert items(body) == RECIPE_90
    out = await console.say(f":as Anna\n/agenda accept {proposal.id}")
    assert posts(out)[0].body == "✔ “Marketing on Instagram” is on the agenda as item 6."
    assert await agenda(console) == ([*RECIPE_90, "6. Marketing on Instagram (10 min)"], "Planned 80 of 90 minutes.")


@pytest.mark.parametrize(
    "line",
    ['/agenda add "Long talk" 35', "/agenda time 4 60", "/agenda accept {proposal}"],
    ids=["add", "time", "accept"],
)
async def test_overrunning_change_is_refused(console: ConsoleDriver, line: str) -> None:
    """A change that would run past the end says by how many minutes, and changes nothing."""
    await section_with(console, "Bo", schedule=BIWEEKLY_90)
    await console.say(':as Bo\n/agenda propose "Long talk" 35\n:as Anna')
    (proposal,) = await rows(console, agenda_items, agenda_items.c.status == "proposed")
    before = await agenda_state(console)
    # 70 of 90 minutes are planned: 35 more, or the discussion going from 25 to 60, is 105.
    out = await console.say(line.format(proposal=proposal.id))
    assert only(out).body == "✖ That would run 15 minutes over the 90-minute meeting. Shorten or remove an item first."
    assert await agenda_state(console) == before


async def test_agenda_may_fill_the_meeting_exactly(console: ConsoleDriver) -> None:
    """Planning every minute of the meeting is allowed; one minute more is not."""
    await section_with(console, schedule=BIWEEKLY_90)
    out = await console.say('/agenda add "Guest" 20\n/agenda add "Coffee" 1')
    assert [post.body for post in posts(out) if not post.edited] == [
        "✔ Added “Guest” (20 min) as item 6.",
        "✖ That would run one minute over the 90-minute meeting. Shorten or remove an item first.",
    ]
    assert (await agenda(console))[1] == "Planned 90 of 90 minutes."


@pytest.mark.parametrize(
    "line",
    [
        '/agenda add "Guest" 10',
        "/agenda move 5 1",
        "/agenda time 4 10",
        "/agenda remove 3",
        "/agenda accept {proposal}",
    ],
    ids=["add", "move", "time", "remove", "accept"],
)
async def test_members_cannot_change_the_agenda(console: ConsoleDriver, line: str) -> None:
    """Only coordinators shape the agenda: a member is refused and nothing changes."""
    await section_with(console, "Bo", "Cleo", schedule=BIWEEKLY_90)
    await console.say(':as Cleo\n/agenda propose "Marketing"')
    (proposal,) = await rows(console, agenda_items, agenda_items.c.status == "proposed")
    before = await agenda_state(console)
    out = await console.say(":as Bo\n" + line.format(proposal=proposal.id))
    reply = only(out)
    assert (reply.header, reply.body) == ("@Bo (only you)", "✖ Only a coordinator of shiatsu may do that.")
    assert await agenda_state(console) == before


async def test_presentation_round_lists_who_said_yes_with_their_profiles(console: ConsoleDriver) -> None:
    """Under the presentation round: each yes with who they are, what they do and need; maybe and no are not."""
    await section_with(console, "Bo", "Cleo", "Dan", "Eva", schedule=BIWEEKLY_90)
    await console.say(
        ':as Bo\n/profile set who:"Shiatsu therapist in Malmö" does:"Pressure point massage" '
        'needs:"Clients, bookkeeping" visible:yes\n'
        ':as Dan\n/profile set who:"Masseur" does:"Sports massage" needs:"A room" visible:yes\n'
    )
    number = calls(console)[0].number
    await console.say(
        f":as Bo\n:react {number} ✅\n:as Cleo\n/rsvp yes\n:as Dan\n:react {number} 🤔\n:as Eva\n/rsvp no\n:time +2s"
    )
    body = titled(await console.say(":as Anna\n/meeting next"), "Next meeting")[0].body.splitlines()
    start = body.index("2. Presentation round: who you are, what you do, what you need (20 min)")
    assert body[start + 1 : start + 4] == [
        "– Bo: Shiatsu therapist in Malmö · does: Pressure point massage · needs: Clients, bookkeeping",
        "– Cleo",
        "3. Current matters (15 min)",
    ]


async def test_presentation_round_keeps_hidden_profiles_hidden(console: ConsoleDriver) -> None:
    """A member whose profile is hidden is listed by name only."""
    await section_with(console, "Bo", schedule=BIWEEKLY_90)
    await console.say(':as Bo\n/profile set who:"Secret" does:"Private things" needs:"Nothing public"\n/rsvp yes')
    body = titled(await console.say("/meeting next"), "Next meeting")[0].body
    assert "– Bo" in body.splitlines()
    assert "Secret" not in body


async def test_agenda_goes_out_with_the_call(console: ConsoleDriver) -> None:
    """An item added before the call is in the call when it goes out."""
    await section_with(console, schedule=BIWEEKLY_90)
    await console.say('/agenda add "Guest: bookkeeping" 15 date:2026-03-17')
    out = await console.say(":time 2026-03-10T18:00+01:00")
    (call,) = titled(out, "Meeting call")
    assert items(call.body) == [*RECIPE_90, "6. Guest: bookkeeping (15 min)"]


@pytest.mark.parametrize(
    ("line", "changed"),
    [
        ('/agenda add "Guest: bookkeeping" 15', "6. Guest: bookkeeping (15 min)"),
        ("/agenda time 4 40", "4. Discussion (40 min)"),
        ("/agenda remove 5", None),
    ],
    ids=["add", "time", "remove"],
)
async def test_agenda_changes_edit_the_call(console: ConsoleDriver, line: str, changed: str | None) -> None:
    """Once the call is out, each agenda change edits it."""
    await section_with(console, schedule=BIWEEKLY_90)
    number = calls(console)[0].number
    out = await console.say(line)
    (edit,) = [post for post in posts(out) if post.edited]
    assert edit.header == f"#shiatsu · message {number} (edited)"
    if changed is None:
        assert items(edit.body) == RECIPE_90[:4]
    else:
        assert changed in items(edit.body)
