"""Mistyped and hostile input: a clear, private error, and nothing in the community changes."""

from __future__ import annotations

import pytest

from tests.adapters.console.helpers import only_post, profile, snapshot
from tests.console_driver import ConsoleDriver
from tests.worlds import ConsoleAfter

# Anna (admin) opens shiatsu; Bo has a visible profile; Bo is typing.
WORLD = """
:as Anna
/section create Shiatsu
:as Bo
/profile set place:Malmö trade:Masseur visible:yes
"""
META_HELP = "Meta lines: :as NAME, :in SECTION, :time ISO or +3d, :react MSG EMOJI, :unreact MSG EMOJI, :locale sv."
LONG = "x" * 10_000


@pytest.fixture
async def world(console_after: ConsoleAfter) -> ConsoleDriver:
    return await console_after(WORLD)


async def refused(console: ConsoleDriver, line: str) -> str:
    """Type ``line``; check it printed one private block and changed nothing; return that block's text."""
    before = await snapshot(console)
    clock_before = console.clock.now()
    post = only_post(await console.say(line))
    assert post.header == "@Bo (only you)"
    assert await snapshot(console) == before
    assert console.clock.now() == clock_before
    return post.body


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("/sectoin list", "I do not know “sectoin”. Did you mean /section list?"),
        ("/profil show", "I do not know “profil”. Did you mean /profile show?"),
        ("/frobnicate", "I do not know “frobnicate”. Type /help to see what you can ask."),
        ("/", "Type /help to see what you can ask."),
    ],
)
async def test_unknown_command(world: ConsoleDriver, line: str, error: str) -> None:
    """An unknown command is named, with a suggestion for a near miss."""
    assert await refused(world, line) == "✖ " + error


@pytest.mark.parametrize("line", ["/section frobnicate", "/section jion shiatsu"])
async def test_unknown_subcommand_lists_the_choices(world: ConsoleDriver, line: str) -> None:
    """An unknown subcommand lists every subcommand of its group."""
    body = await refused(world, line)
    assert body.startswith("✖ What should I do with section? Choose one of: section approve, section archive, ")
    choices = body.removeprefix("✖ What should I do with section? Choose one of: ").removesuffix(".").split(", ")
    for verb in ("list", "info", "create", "approve", "join", "leave", "archive", "coordinator add"):
        assert f"section {verb}" in choices
    assert choices == sorted(" ".join(command.path) for command in world.core.services.registry.under(("section",)))


async def test_unknown_help_topic_lists_the_topics(world: ConsoleDriver) -> None:
    """Help about something that does not exist lists the topics there are."""
    body = await refused(world, "/help nothing")
    assert body.startswith("✖ There is no help about “nothing”. Topics: ")
    topics = body.split("Topics: ", 1)[1].removesuffix(".").split(", ")
    assert {"directory", "help", "language", "profile", "section"} <= set(topics)
    assert topics == world.core.services.registry.groups()


@pytest.mark.parametrize(
    "line",
    ["/section join reiki", "/section info reiki", "/section leave reiki", "/section archive reiki"],
)
async def test_unknown_section(world: ConsoleDriver, line: str) -> None:
    """A section that does not exist is named, with where to find the real ones."""
    assert await refused(world, line) == "✖ There is no section called “reiki”. See the list with /section list."


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("/section join", "Please give the section. Usage: /section join <section>"),
        ("/directory search", "Please give the query. Usage: /directory search <query>"),
        ('/directory search ""', "Please give the query. Usage: /directory search <query>"),
        (
            "/section create kind:region",
            "Please give the name. Usage: /section create <name> [kind:profession|region|theme] [slug:…] "
            "[description:…] [purpose:…]",
        ),
        (
            "/section coordinator add shiatsu",
            "Please give the member. Usage: /section coordinator add <section> <member>",
        ),
        ("/language", "Please give the locale. Usage: /language <en|sv|da>"),
        (
            "/profile set",
            "Say what to change, e.g. place:Malmö. Fields: who, does, needs, offers, place, trade, company, visible.",
        ),
    ],
)
async def test_missing_required_option_shows_usage(world: ConsoleDriver, line: str, error: str) -> None:
    """Leaving out what a command needs shows how to write it."""
    assert await refused(world, line) == "✖ " + error


@pytest.mark.parametrize(
    ("line", "extra", "command"),
    [
        ("/section join shiatsu central", "central", "section join"),
        ("/profile show Anna Bo", "Bo", "profile show"),
        ("/section join shiatsu now", "now", "section join"),
        ("/language sv da", "da", "language"),
    ],
)
async def test_too_many_arguments(world: ConsoleDriver, line: str, extra: str, command: str) -> None:
    """A word too many is named, with the advice to quote text with spaces."""
    assert await refused(world, line) == (
        f"✖ Too much for /{command}: I do not know what to do with “{extra}”. Put quotes around text with spaces."
    )


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("/section create X kind:planet", "“planet” is not a valid kind; choose one of: profession, region, theme."),
        ("/language klingon", "“klingon” is not a valid locale; choose one of: en, sv, da."),
        ("/profile set visible:perhaps", "“visible” must be yes or no, not “perhaps”."),
        ("/section create Ö", "“o” cannot be a short name: use 3 to 32 lower-case letters, digits and dashes."),
        ("/section create Shiatsu", "There is already a section called shiatsu; choose another name or slug."),
        (
            "/section create Reiki slug:Re_iki",
            "“re_iki” cannot be a short name: use 3 to 32 lower-case letters, digits and dashes.",
        ),
    ],
)
async def test_bad_value(world: ConsoleDriver, line: str, error: str) -> None:
    """A value that cannot be used is refused with what would do."""
    assert await refused(world, line) == "✖ " + error


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (f"/profile set who:{LONG}", "“who” is too long: 10,000 characters, at most 500."),
        (f"/profile set does:{LONG}", "“does” is too long: 10,000 characters, at most 500."),
        ("/profile set place:" + "x" * 81, "“place” is too long: 81 characters, at most 80."),
        ("/section create " + "x" * 81, "“name” is too long: 81 characters, at most 80."),
        (f"/section create Reiki description:{LONG}", "“description” is too long: 10,000 characters, at most 500."),
    ],
)
async def test_too_long(world: ConsoleDriver, line: str, error: str) -> None:
    """Overlong text is refused with its length and the limit."""
    assert await refused(world, line) == "✖ " + error


@pytest.mark.parametrize(
    ("template", "field", "bad"),
    [
        ('/profile set place:"Mal{}mö"', "place", "\x07"),
        ('/profile set who:"I am {}red"', "who", "\x1b[31m"),
        ('/profile set company:"Hands{} AB"', "company", "\x00"),
        ('/section create "Rei{}ki"', "name", "\u202e"),
        ('/section create Reiki description:"{}"', "description", "\x1b]0;pwned\x07"),
        ('/directory search "malmo{}"', "query", "\x7f"),
        ('/section join "shi{}atsu"', "section", "\x1b[2J"),
    ],
)
async def test_control_characters_refused(world: ConsoleDriver, bad: str, template: str, field: str) -> None:
    """Bell, terminal escapes, NUL and bidi overrides inside a value are refused, never stored."""
    body = await refused(world, template.format(bad))
    assert body == f"✖ “{field}” contains control characters; please write plain text."
    assert bad not in body


@pytest.mark.parametrize("line", ['/profile set place:"Malmö', "/section create 'Reiki", '/directory search "x'])
async def test_unbalanced_quotes(world: ConsoleDriver, line: str) -> None:
    """An unclosed quote is pointed out instead of guessing where the text ends."""
    assert await refused(world, line) == "✖ A quotation mark is not closed."


@pytest.mark.parametrize(
    ("line", "option"),
    [("/profile set place:Malmö place:Lund", "place"), ("/section create Reiki kind:region KIND:theme", "kind")],
)
async def test_option_given_twice(world: ConsoleDriver, line: str, option: str) -> None:
    """The same option twice is refused rather than one silently winning."""
    assert await refused(world, line) == f"✖ The {option} is given twice."


@pytest.mark.parametrize("line", [":frobnicate", ":as", ":in", ":in a b", ":time", ":react 1", ":locale"])
async def test_unknown_meta_line(world: ConsoleDriver, line: str) -> None:
    """A meta line the console does not know lists the ones it does."""
    assert await refused(world, line) == f"✖ I do not understand “{line}”. {META_HELP}"


@pytest.mark.parametrize("value", ["tomorrow", "2026-03-01T09:00", "+3y", "-1d", "2026-13-01T09:00+01:00"])
async def test_bad_time(world: ConsoleDriver, value: str) -> None:
    """A time must be an ISO moment with its offset, or a step forward; the clock stays put."""
    assert await refused(world, f":time {value}") == (
        f"✖ “{value}” is not a time: write 2026-03-01T09:00+01:00, or +3d, +2h, +30m, +1w."
    )


@pytest.mark.parametrize("line", [":react 99 👍", ":react abc 👍", ":unreact 99 👍", ":react 0 👍"])
async def test_react_on_unknown_message(world: ConsoleDriver, line: str) -> None:
    """Reacting to a message that was never posted is refused."""
    message = line.split()[1]
    assert await refused(world, line) == f"✖ There is no message {message}."


async def test_unknown_section_in_meta_line(world: ConsoleDriver) -> None:
    """:in a section that does not exist is refused and the channel stays #central."""
    assert await refused(world, ":in reiki") == "✖ There is no section called “reiki”. See the list with /section list."
    assert only_post(await world.say("/section list")).channel == "central"


async def test_plain_text_is_not_a_command(world: ConsoleDriver) -> None:
    """A line without / or : gets a one-line reminder of what the console understands."""
    before = await snapshot(world)
    out = await world.say("hello there")
    assert out == (
        "· Commands start with / (try /help); meta lines start with : "
        "(:as NAME, :in SECTION, :time +1d, :react MSG EMOJI, :locale sv).\n"
    )
    assert await snapshot(world) == before


MENTIONS = "@everyone <@&123> <@456>"


async def test_mentions_in_a_profile_are_stored_and_shown_literally(world: ConsoleDriver) -> None:
    """Platform mention syntax typed by a member is kept and shown exactly as typed, never expanded."""
    await world.say(f'/profile set who:"{MENTIONS}" does:"{MENTIONS}"')
    assert (await profile(world, "Bo")).who == MENTIONS
    body = only_post(await world.say(":as Anna\n/profile show Bo")).body
    assert f"Who: {MENTIONS}" in body.splitlines()
    body = only_post(await world.say('/directory search "<@&123>"')).body
    assert f"• Bo — Place: Malmö · Trade: Masseur · Company: – · Does: {MENTIONS}" in body.splitlines()


async def test_mentions_in_a_section_description_are_shown_literally(world: ConsoleDriver) -> None:
    """The same holds for a section's description and purpose."""
    await world.say(f':as Anna\n/section create Reiki description:"{MENTIONS}" purpose:"@here"')
    lines = only_post(await world.say("/section info reiki")).body.splitlines()
    assert f"About: {MENTIONS}" in lines
    assert "What we have, what we need: @here" in lines


async def test_a_name_the_core_shows_shorter_is_still_one_member(console: ConsoleDriver) -> None:
    """:as a name longer than a name is shown: every line typed after it is by the same member, shown cut."""
    name = "Bartholomew " * 6 + "Smith"
    await console.say(f":as {name}\n/section list")
    body = only_post(await console.say("/section list")).body
    assert "• central — Central network group (central group, one member)" in body.splitlines()
    header = only_post(await console.say("/profile show")).header
    assert header == f"@{'Bartholomew ' * 5}Bar… (only you)"
