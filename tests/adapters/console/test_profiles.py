"""Profiles and the member directory typed at the console; and choosing one's own language."""

from __future__ import annotations

import pytest

from tests.adapters.console.helpers import only_post, profile
from tests.console_driver import ConsoleDriver
from tests.worlds import ConsoleAfter

HIDDEN_HINT = "Your profile is hidden from the directory; show it with /profile set visible:yes."
VISIBLE_HINT = "Your profile is visible in the directory."

# Five members with profiles; Dan's is hidden.
DIRECTORY = """
:as Anna
:as Bo
/profile set place:Malmö trade:"Shiatsu therapist" company:"Hands AB" does:"Pressure points" visible:yes
:as Cleo
/profile set place:København trade:Reflexologist company:"Fod og Sjæl ApS" does:"Feet" visible:yes
:as Dan
/profile set place:Malmö trade:Reflexologist company:"Dan's Feet" does:"Feet too" visible:no
:as Eva
/profile set place:Lund trade:"Shiatsu therapist" company:"Eva Zen" does:"Shiatsu at home" visible:yes
"""


def names_found(output: str) -> list[str]:
    """The members a directory answer lists, in its order."""
    body = only_post(output).body
    return [line.removeprefix("• ").split(" — ", 1)[0] for line in body.splitlines() if line.startswith("• ")]


@pytest.fixture
async def directory(console_after: ConsoleAfter) -> ConsoleDriver:
    return await console_after(DIRECTORY)


async def test_profile_set_with_named_options_and_quoted_values(console: ConsoleDriver) -> None:
    """Named options set fields; quotes keep spaces; a new profile starts hidden."""
    out = await console.say(':as Anna\n/profile set place:Malmö trade:"Shiatsu therapist" does:"Pressure points"')
    post = only_post(out)
    assert post.header == "@Anna (only you)"
    assert post.body.splitlines() == ["✔ Your profile is saved.", HIDDEN_HINT]
    saved = await profile(console, "Anna")
    assert (saved.place, saved.trade, saved.does, saved.visible) == (
        "Malmö",
        "Shiatsu therapist",
        "Pressure points",
        False,
    )


async def test_profile_set_changes_only_the_fields_given(console: ConsoleDriver) -> None:
    """Setting one field keeps the others."""
    await console.say(":as Anna\n/profile set place:Malmö trade:Masseur")
    await console.say('/profile set place:"Lund C" visible:yes')
    saved = await profile(console, "Anna")
    assert (saved.place, saved.trade, saved.visible) == ("Lund C", "Masseur", True)


@pytest.mark.parametrize(("visible", "hint"), [("yes", VISIBLE_HINT), ("no", HIDDEN_HINT)])
async def test_show_own_profile_with_visibility_hint(console: ConsoleDriver, visible: str, hint: str) -> None:
    """One's own profile shows every field filled in and whether the directory shows it."""
    await console.say(f':as Anna\n/profile set who:"Anna A." place:Malmö company:"Hands AB" visible:{visible}')
    post = only_post(await console.say("/profile show"))
    assert post.header == "@Anna (only you)"
    assert post.body.splitlines() == ["Profile: Anna", "Who: Anna A.", "Place: Malmö", "Company: Hands AB", hint]


async def test_show_own_empty_profile(console: ConsoleDriver) -> None:
    """Someone without a profile is told so, and how to be found."""
    body = only_post(await console.say(":as Anna\n/profile show")).body
    assert body.splitlines() == ["Profile: Anna", "Anna has not written a profile yet.", HIDDEN_HINT]


async def test_show_someone_elses_visible_profile(directory: ConsoleDriver) -> None:
    """A visible profile is shown to others, without the owner's visibility hint."""
    post = only_post(await directory.say(":as Anna\n/profile show Bo"))
    assert post.header == "@Anna (only you)"
    assert post.body.splitlines() == [
        "Profile: Bo",
        "Does: Pressure points",
        "Place: Malmö",
        "Trade: Shiatsu therapist",
        "Company: Hands AB",
    ]


async def test_someone_elses_hidden_profile_refused(directory: ConsoleDriver) -> None:
    """A hidden profile is not shown to others."""
    out = await directory.say(":as Anna\n/profile show Dan")
    assert only_post(out).body == "✖ Dan has not made their profile visible."


async def test_show_unknown_member_refused(directory: ConsoleDriver) -> None:
    """Asking for someone who does not exist says so."""
    out = await directory.say("/profile show Zelda")
    assert only_post(out).body == "✖ I know no member called “Zelda”."


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Malmö", ["Bo"]),
        ("malmo", ["Bo"]),
        ("MALMÖ", ["Bo"]),
        ("kobenhavn", ["Cleo"]),
        ("KØBENHAVN", ["Cleo"]),
        ("reflexologist", ["Cleo"]),
        ('"shiatsu therapist"', ["Bo", "Eva"]),
        ("hands", ["Bo"]),
        ("sjael", ["Cleo"]),
        ("eva", ["Eva"]),
        ("cleo", ["Cleo"]),
        ('"shiatsu lund"', ["Eva"]),
        ('"reflexologist kobenhavn"', ["Cleo"]),
    ],
)
async def test_directory_search(directory: ConsoleDriver, query: str, found: list[str]) -> None:
    """Search by place, trade, company or name, ignoring case and accents; several words must all match."""
    out = await directory.say(f":as Anna\n/directory search {query}")
    assert names_found(out) == found


async def test_directory_answer_lists_place_trade_company_and_what_they_do(directory: ConsoleDriver) -> None:
    """Each hit is one line with the essentials, each labelled, privately, with a hint to see more."""
    post = only_post(await directory.say(":as Anna\n/directory search malmo"))
    assert post.header == "@Anna (only you)"
    assert post.body.splitlines() == [
        "Members matching “malmo” (1)",
        "• Bo — Place: Malmö · Trade: Shiatsu therapist · Company: Hands AB · Does: Pressure points",
        "See a whole profile with /profile show NAME.",
    ]


@pytest.mark.parametrize("query", ["Dan", '"Dan\'s Feet"', '"feet too"', '"reflexologist malmo"'])
async def test_hidden_profiles_never_found(directory: ConsoleDriver, query: str) -> None:
    """A hidden profile is not found, not even by its owner's name or words only it contains."""
    out = await directory.say(f":as Anna\n/directory search {query}")
    assert names_found(out) == []
    assert "No visible profile matches" in out


async def test_hiding_a_profile_removes_it_from_the_directory(directory: ConsoleDriver) -> None:
    """Turning visibility off takes effect at once."""
    await directory.say(":as Bo\n/profile set visible:no")
    assert names_found(await directory.say("/directory search malmo")) == []
    await directory.say("/profile set visible:yes")
    assert names_found(await directory.say("/directory search malmo")) == ["Bo"]


async def test_directory_no_match(directory: ConsoleDriver) -> None:
    """A search that finds nobody says so, repeating the words."""
    out = await directory.say(":as Anna\n/directory search tromsø")
    assert only_post(out).body == "No visible profile matches “tromsø”."


async def test_language_switches_replies_to_swedish(directory: ConsoleDriver) -> None:
    """After /language sv the member's replies are in Swedish; other members keep English."""
    out = await directory.say(":as Bo\n/language sv")
    assert only_post(out).body == "✔ Jag talar svenska med dig."
    body = only_post(await directory.say("/directory search malmo")).body
    assert body.splitlines()[0] == "Medlemmar som matchar ”malmo” (1)"
    body = only_post(await directory.say(":as Cleo\n/directory search malmo")).body
    assert body.splitlines()[0] == "Members matching “malmo” (1)"
