"""The main scenario again with every member speaking Swedish: the replies come from the sv catalog.

Command grammar stays English (``/section join``); only what the bot says is translated.
"""

from __future__ import annotations

import pytest

from bot.domain.models import Role, SectionStatus
from tests.adapters.console.helpers import only_post, posts, profile, roles, snapshot, status
from tests.console_driver import ConsoleDriver
from tests.worlds import ConsoleAfter


def swedish(script: str) -> str:
    """The script with ``:locale sv`` after every ``:as``, so each member reads Swedish."""
    lines: list[str] = []
    for line in script.strip().splitlines():
        lines.append(line)
        if line.startswith(":as "):
            lines.append(":locale sv")
    return "\n".join(lines)


SHIATSU = swedish(
    """
:as Anna
:as Bo
/section create Shiatsu kind:profession description:"Tryckpunktsterapi" purpose:"Vi delar behandlingsrum"
:as Anna
/section approve shiatsu
"""
)


@pytest.fixture
async def shiatsu(console_after: ConsoleAfter) -> ConsoleDriver:
    return await console_after(SHIATSU)


async def test_locale_meta_line_switches_to_swedish(console: ConsoleDriver) -> None:
    """:locale sv makes the member's replies Swedish, and remembers it for them."""
    await console.say(":as Anna\n:locale sv")
    assert only_post(await console.say("/section join reiki")).body == (
        "✖ Det finns ingen sektion som heter ”reiki”. Se listan med /section list."
    )
    assert (await console.say(":as Bo\n:as Anna\n/section join reiki")).endswith("Se listan med /section list.\n")


async def test_language_command_switches_to_swedish(console: ConsoleDriver) -> None:
    """/language sv answers in Swedish at once."""
    out = await console.say(":as Anna\n/language sv")
    assert only_post(out).body == "✔ Jag talar svenska med dig."


async def test_member_proposal_waits_for_approval(console: ConsoleDriver) -> None:
    """A plain member's proposal waits, and #central is told who proposed what."""
    out = await console.say(swedish(":as Anna\n:as Bo\n/section create Shiatsu"))
    reply, announcement = posts(out)
    assert reply.body == (
        "✔ Tack! Sektionen shiatsu (Shiatsu) är föreslagen. "
        "När en administratör har godkänt den blir du dess samordnare."
    )
    assert announcement.channel == "central"
    assert announcement.body.splitlines() == [
        "Bo föreslår en ny sektion: Shiatsu (shiatsu).",
        "En administratör kan godkänna den med /section approve shiatsu.",
    ]
    assert await status(console, "shiatsu") is SectionStatus.PROPOSED


async def test_approval_by_non_admin_refused(console: ConsoleDriver) -> None:
    """Only an admin may approve; the section stays proposed."""
    out = await console.say(swedish(":as Anna\n:as Bo\n/section create Shiatsu\n/section approve shiatsu"))
    assert posts(out)[-1].body == "✖ Bara en administratör får göra det."
    assert await status(console, "shiatsu") is SectionStatus.PROPOSED


async def test_admin_approves(console: ConsoleDriver) -> None:
    """Approval opens the section, announced in #central; the proposer coordinates it."""
    await console.say(swedish(":as Anna\n:as Bo\n/section create Shiatsu"))
    reply, announcement = posts(await console.say(swedish(":as Anna\n/section approve shiatsu")))
    assert reply.body == "✔ Sektionen shiatsu (Shiatsu) är godkänd och öppen."
    assert announcement.channel == "central"
    assert announcement.body.splitlines() == [
        "Ny sektion: Shiatsu (shiatsu).",
        "Gå med i den med /section join shiatsu.",
    ]
    assert await roles(console, "shiatsu") == {"Bo": Role.COORDINATOR}


async def test_admin_proposal_opens_at_once(console: ConsoleDriver) -> None:
    """The admin's own proposal opens at once."""
    out = await console.say(swedish(':as Anna\n/section create "Zonterapi Malmö" kind:region'))
    assert posts(out)[0].body == "✔ Sektionen zonterapi-malmo (Zonterapi Malmö) är öppen, och du är dess samordnare."
    assert await roles(console, "zonterapi-malmo") == {"Anna": Role.COORDINATOR}


async def test_join_and_join_twice(shiatsu: ConsoleDriver) -> None:
    """Joining is confirmed; joining again is refused."""
    out = await shiatsu.say(swedish(":as Cleo\n/section join shiatsu\n/section join shiatsu"))
    joined, again = posts(out)
    assert joined.body == "✔ Du har gått med i Shiatsu (shiatsu)."
    assert again.body == "✖ Du är redan medlem i shiatsu."
    assert await roles(shiatsu, "shiatsu") == {"Bo": Role.COORDINATOR, "Cleo": Role.MEMBER}


async def test_list(shiatsu: ConsoleDriver) -> None:
    """The list names the built-in sections, kinds and counts in Swedish."""
    await shiatsu.say(swedish(":as Cleo\n/section join shiatsu\n/section create Reflexology"))
    assert only_post(await shiatsu.say("/section list")).body.splitlines() == [
        "Sektioner (4)",
        "• central — Nätverksgruppen (central grupp, 3 medlemmar)",
        "• coordinators — Samordnargruppen (samordnare, en medlem)",
        "• reflexology — Reflexology (föreslagen, väntar på godkännande)",
        "• shiatsu — Shiatsu (yrke, 2 medlemmar)",
        "Gå med i en sektion med /section join NAMN.",
    ]


async def test_info(shiatsu: ConsoleDriver) -> None:
    """Info shows kind, status, members, coordinator, description, purpose and one's role."""
    await shiatsu.say(swedish(":as Cleo\n/section join shiatsu"))
    assert only_post(await shiatsu.say("/section info shiatsu")).body.splitlines() == [
        "Shiatsu (shiatsu)",
        "Typ: yrke; status: aktiv",
        "2 medlemmar",
        "Samordnare: Bo",
        "Om sektionen: Tryckpunktsterapi",
        "Vad vi har, vad vi behöver: Vi delar behandlingsrum",
        "Du är medlem.",
    ]


async def test_leave(shiatsu: ConsoleDriver) -> None:
    """Leaving is confirmed; central and the last coordinator stay."""
    out = await shiatsu.say(swedish(":as Cleo\n/section join shiatsu\n/section leave shiatsu\n/section leave central"))
    _, left, central = posts(out)
    assert left.body == "✔ Du har lämnat Shiatsu (shiatsu)."
    assert central.body == "✖ Alla är med i central; den går inte att lämna."
    out = await shiatsu.say(swedish(":as Bo\n/section leave shiatsu"))
    assert only_post(out).body == "✖ shiatsu behöver en samordnare: lägg först till någon annan."
    assert await roles(shiatsu, "shiatsu") == {"Bo": Role.COORDINATOR}


async def test_coordinator_add_and_remove(shiatsu: ConsoleDriver) -> None:
    """Adding and removing a coordinator is announced in Swedish; the coordinators section follows."""
    await shiatsu.say(swedish(":as Cleo\n:as Bo"))
    out = await shiatsu.say("/section coordinator add shiatsu Cleo")
    assert only_post(out).body == "✔ Cleo är nu samordnare för shiatsu."
    assert set(await roles(shiatsu, "coordinators")) == {"Bo", "Cleo"}
    out = await shiatsu.say("/section coordinator remove shiatsu Cleo")
    assert only_post(out).body == "✔ Cleo är inte längre samordnare för shiatsu."
    assert set(await roles(shiatsu, "coordinators")) == {"Bo"}


async def test_archive(shiatsu: ConsoleDriver) -> None:
    """A plain member may not archive; the coordinator may."""
    await shiatsu.say(swedish(":as Cleo\n/section join shiatsu"))
    before = await snapshot(shiatsu)
    out = await shiatsu.say("/section archive shiatsu")
    assert only_post(out).body == "✖ Bara en samordnare för shiatsu får göra det."
    assert await snapshot(shiatsu) == before
    out = await shiatsu.say(swedish(":as Bo\n/section archive shiatsu"))
    assert only_post(out).body == "✔ Sektionen shiatsu (Shiatsu) är arkiverad."
    assert await status(shiatsu, "shiatsu") is SectionStatus.ARCHIVED
    out = await shiatsu.say(":as Cleo\n/section join shiatsu")
    assert only_post(out).body == "✖ Sektionen shiatsu är arkiverad."


PROFILES = swedish(
    """
:as Anna
:as Bo
/profile set place:Malmö trade:Massör company:"Händer AB" does:"Klassisk massage" visible:ja
:as Cleo
/profile set place:Lund trade:Zonterapeut does:"Fötter" visible:ja
:as Dan
/profile set place:Malmö trade:Zonterapeut
"""
)


async def test_profile_set_and_show(console: ConsoleDriver) -> None:
    """Saving and showing one's profile, with the visibility hint, in Swedish."""
    out = await console.say(swedish(':as Anna\n/profile set place:Malmö trade:Massör company:"Händer AB"'))
    assert posts(out)[-1].body.splitlines() == [
        "✔ Din profil är sparad.",
        "Din profil är dold i medlemskatalogen; visa den med /profile set visible:yes.",
    ]
    assert only_post(await console.say("/profile show")).body.splitlines() == [
        "Profil: Anna",
        "Ort: Malmö",
        "Yrke: Massör",
        "Företag: Händer AB",
        "Din profil är dold i medlemskatalogen; visa den med /profile set visible:yes.",
    ]
    out = await console.say("/profile set visible:ja")
    assert only_post(out).body.splitlines()[1] == "Din profil syns i medlemskatalogen."
    assert (await profile(console, "Anna")).visible


async def test_hidden_profile_refused(console: ConsoleDriver) -> None:
    """Someone else's hidden profile is not shown."""
    await console.say(PROFILES)
    out = await console.say("/profile show Anna")
    assert only_post(out).body == "✖ Anna har inte gjort sin profil synlig."


BO = "• Bo — Ort: Malmö · Yrke: Massör · Företag: Händer AB · Gör: Klassisk massage"


@pytest.mark.parametrize(
    ("query", "lines"),
    [
        ("malmo", ["Medlemmar som matchar ”malmo” (1)", BO]),
        (
            "zonterapeut",
            [
                "Medlemmar som matchar ”zonterapeut” (1)",
                "• Cleo — Ort: Lund · Yrke: Zonterapeut · Företag: – · Gör: Fötter",
            ],
        ),
        ("MASSOR", ["Medlemmar som matchar ”MASSOR” (1)", BO]),
    ],
)
async def test_directory_search(console: ConsoleDriver, query: str, lines: list[str]) -> None:
    """Members are found by place and trade; Dan's hidden profile is not."""
    await console.say(PROFILES)
    body = only_post(await console.say(f"/directory search {query}")).body
    assert body.splitlines() == [*lines, "Se en hel profil med /profile show NAMN."]


async def test_directory_no_match(console: ConsoleDriver) -> None:
    """A search that finds nobody says so in Swedish."""
    await console.say(PROFILES)
    assert only_post(await console.say("/directory search tromsø")).body == "Ingen synlig profil matchar ”tromsø”."


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("/sectoin list", "Jag känner inte till ”sectoin”. Menade du /section list?"),
        ("/section join", "Fyll i fältet section. Så här skriver du: /section join <section>"),
        ("/profile set visible:kanske", "Fältet visible måste vara ja eller nej, inte ”kanske”."),
        ('/profile set place:"Malmö', "Ett citattecken är inte avslutat."),
        ("/profile set place:" + "x" * 81, "Fältet place är för långt: 81 tecken, högst 80."),
        (":time imorgon", "”imorgon” är ingen tidpunkt: skriv 2026-03-01T09:00+01:00, eller +3d, +2h, +30m, +1w."),
    ],
)
async def test_errors(shiatsu: ConsoleDriver, line: str, error: str) -> None:
    """Mistakes are explained in Swedish and change nothing."""
    await shiatsu.say(swedish(":as Cleo"))
    before = await snapshot(shiatsu)
    assert only_post(await shiatsu.say(line)).body == "✖ " + error
    assert await snapshot(shiatsu) == before
