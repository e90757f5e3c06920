"""Memos after a meeting (post, list, show, search) and what a section's members need."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.storage.schema import memos
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import deliveries, occurrence_at, only, posts, rows, section_with, titled

BIWEEKLY = '/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"'
FIRST = datetime(2026, 3, 3, 17, tzinfo=UTC)
MEMOS = (
    '/memo post "Vi pratade om bokföring och Skatteverket.\\nNästa gång: marknadsföring."',
    '/memo post "Marketing on Instagram: Åsa showed her café\'s page."',
)


async def after_first_meeting(console: ConsoleDriver, *names: str) -> None:
    """#shiatsu with a biweekly series whose first meeting (3 March) is over; Anna in #shiatsu."""
    await section_with(console, *names, schedule=BIWEEKLY)
    await console.say(":time 2026-03-04T09:00+01:00")


async def test_memo_post_publishes_to_the_section_and_stores_it(console: ConsoleDriver) -> None:
    """A coordinator's memo goes to the section's channel, about the meeting just held, and is kept."""
    await after_first_meeting(console)
    out = await console.say(MEMOS[0])
    reply, published = posts(out)
    assert reply.body == "✔ Memo #1 is posted in shiatsu."
    assert published.header.startswith("#shiatsu · message")
    assert published.body.splitlines() == [
        "Memo #1: Shiatsu",
        "Meeting of Tuesday, March 3, 2026 18:00, written by Anna",
        "Vi pratade om bokföring och Skatteverket.",
        "Nästa gång: marknadsföring.",
    ]
    (stored,) = await rows(console, memos)
    first = await occurrence_at(console, FIRST)
    assert (stored.occurrence_id, stored.body) == (
        first.id,
        "Vi pratade om bokföring och Skatteverket.\nNästa gång: marknadsföring.",
    )
    (delivery,) = await deliveries(console, kind="memo")
    assert delivery.state == "sent"


async def test_memo_post_for_a_given_date(console: ConsoleDriver) -> None:
    """date: attaches the memo to that meeting even when a later one was held since."""
    await section_with(console, schedule=BIWEEKLY)
    await console.say(":time 2026-03-18T09:00+01:00")
    out = await console.say('/memo post "Late notes" date:2026-03-03')
    assert "Meeting of Tuesday, March 3, 2026 18:00, written by Anna" in posts(out)[1].body
    (stored,) = await rows(console, memos)
    assert stored.occurrence_id == (await occurrence_at(console, FIRST)).id


async def test_members_cannot_post_memos(console: ConsoleDriver) -> None:
    """A member who does not coordinate is refused; nothing is stored or sent."""
    await after_first_meeting(console, "Bo")
    out = await console.say(':as Bo\n/memo post "My own notes"')
    assert only(out).body == "✖ Only a coordinator of shiatsu may do that."
    assert await rows(console, memos) == []
    assert await deliveries(console, kind="memo") == []


async def test_memo_list_and_show(console: ConsoleDriver) -> None:
    """Anyone lists the latest memos (newest first) and reads one in full."""
    await after_first_meeting(console, "Bo")
    await console.say(MEMOS[0] + "\n:time +1d\n" + MEMOS[1])
    out = await console.say(":as Bo\n/memo list")
    assert only(out).body.splitlines() == [
        "Latest memos (2)",
        "• #2 shiatsu, Thursday, March 5, 2026: Marketing on Instagram: Åsa showed her café's page.",
        "• #1 shiatsu, Wednesday, March 4, 2026: Vi pratade om bokföring och Skatteverket.",
    ]
    out = await console.say("/memo show 1")
    assert only(out).body.splitlines() == [
        "Memo #1, shiatsu, Wednesday, March 4, 2026",
        "Written by Anna",
        "Vi pratade om bokföring och Skatteverket.",
        "Nästa gång: marknadsföring.",
    ]
    out = await console.say("/memo show 9")
    assert only(out).body == "✖ There is no memo #9."


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("bokföring", [1]),
        ("BOKFORING", [1]),
        ("skatteverket", [1]),
        ("Marknadsföring", [1]),
        ("asa cafe", [2]),
        ("ÅSA CAFÉ", [2]),
        ("instagram", [2]),
        ("instagram bokföring", []),
        ("page", [2]),
    ],
)
async def test_memo_search_ignores_case_and_accents(console: ConsoleDriver, query: str, found: list[int]) -> None:
    """Search finds memos holding every word, whatever the case or accents."""
    await after_first_meeting(console, "Bo")
    await console.say("\n".join(MEMOS))
    out = await console.say(f':as Bo\n/memo search "{query}"')
    reply = only(out)
    assert reply.header == "@Bo (only you)"
    if found:
        assert reply.body.splitlines()[0] == f"Memos mentioning “{query}” ({len(found)})"
        assert [line.split()[1] for line in reply.body.splitlines()[1:]] == [f"#{n}" for n in found]
    else:
        assert reply.body == f"No memo mentions “{query}”."


async def test_section_needs_gathers_visible_needs_most_asked_first(console: ConsoleDriver) -> None:
    """/section needs merges members' needs into topics, most asked first, from shared profiles only."""
    await section_with(console, "Bo", "Cleo", "Dan")
    await console.say(
        ':as Bo\n/profile set needs:"Bookkeeping, marketing and a web page" visible:yes\n'
        ':as Cleo\n/profile set needs:"Marketing; clients" visible:yes\n'
        ':as Dan\n/profile set needs:"bookkeeping, bookkeeping"\n'  # hidden: not counted
        ':as Eva\n/profile set needs:"marketing" visible:yes\n'  # not in the section
    )
    out = await console.say(":as Anna\n/section needs")
    reply = only(out)
    assert reply.header == "@Anna (only you)"
    assert reply.body.splitlines() == [
        "What members of shiatsu need",
        "• marketing (2 members)",
        "• a web page (one member)",
        "• Bookkeeping (one member)",
        "• clients (one member)",
        "A guest speaker on the top topics serves the most members.",
    ]


async def test_section_needs_is_for_coordinators(console: ConsoleDriver) -> None:
    """A member cannot read the gathered needs."""
    await section_with(console, "Bo")
    out = await console.say(":as Bo\n/section needs")
    assert only(out).body == "✖ Only a coordinator of shiatsu may do that."


async def test_section_needs_when_nobody_said(console: ConsoleDriver) -> None:
    """Without shared needs the coordinator is told so."""
    await section_with(console, "Bo")
    out = await console.say("/section needs")
    assert only(out).body == "No visible profile in shiatsu says what it needs yet."


async def test_memo_found_right_after_the_meeting_prompt(console: ConsoleDriver) -> None:
    """The memo skeleton's command in the coordinator's digest, typed as shown, posts a memo that search finds."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    out = await console.say(":as Bo\n/rsvp yes shiatsu\n:as Anna\n:time 2026-03-04T09:00+01:00")
    (digest,) = [post for post in titled(out, "Your digest") if "has no memo yet" in post.body]
    assert 'Post the memo for everyone with /memo post "TEXT" shiatsu.' in digest.body.splitlines()
    await console.say('/memo post "Bokföring: ask Skatteverket about F-skatt." shiatsu')
    out = await console.say(":as Bo\n/memo search f-skatt")
    assert only(out).body.splitlines()[1].startswith("• #1 shiatsu")


@pytest.mark.parametrize(
    ("command", "refusal"),
    [
        (
            "/meeting held date:2026-03-17",
            "✖ The meeting of shiatsu on Tuesday, March 17, 2026 18:00 has not started yet; mark it held once it has.",
        ),
        (
            "/meeting cancel 2026-03-17\n:time 2026-03-18T09:00+01:00\n/meeting held date:2026-03-17",
            "✖ The meeting of shiatsu on Tuesday, March 17, 2026 18:00 is cancelled, so it cannot be marked held.",
        ),
    ],
    ids=["ahead", "cancelled"],
)
async def test_meeting_held_refuses_a_meeting_ahead_or_cancelled(
    console: ConsoleDriver, command: str, refusal: str
) -> None:
    """A meeting still ahead, or cancelled, cannot be marked held; nothing changes."""
    await section_with(console, schedule=BIWEEKLY)
    await console.say(":time 2026-03-04T09:00+01:00")
    out = await console.say(command)
    assert posts(out)[-1].body == refusal
    assert not (await occurrence_at(console, datetime(2026, 3, 17, 17, tzinfo=UTC))).held
    assert [row for row in await deliveries(console) if row.dedupe_key.endswith(":held")] == []
