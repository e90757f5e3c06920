"""Public pages over real HTTP: what they show (and never show), in which language, and what is not there."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from bot.storage.repositories import sections
from tests.console_driver import ConsoleDriver
from tests.web.conftest import Web

WORLD = """
:as Anna
/section create Shiatsu kind:profession purpose:"We have rooms, we need clients"
/section create Union kind:theme purpose:"Our rights at work"
:in shiatsu
/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus, Malmö"
/memo post "Public notes <b>bold</b>" public:yes
/memo post "Internal notes only"
:in union
/section sensitive union yes
/meeting schedule "weekly thu" 17:00 60 "Union hall"
"""


async def test_section_page_shows_what_is_public(world: tuple[ConsoleDriver, Web]) -> None:
    """Purpose, the next meetings with place and agenda, public memos (literally), how to join, the feeds."""
    _, web = world
    status, headers, body = await web.get("/c/1/s/shiatsu/")
    page = body.decode()
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    for shown in (
        "<h1>Shiatsu</h1>",
        "We have rooms, we need clients",
        "Folkets hus, Malmö",
        "Tuesday, March 3, 2026 18:00",
        "Welcome (5 min)",
        "Public notes &lt;b&gt;bold&lt;/b&gt;",
        "/section join shiatsu",
        'href="https://discord.gg/netgroups"',
        'href="/c/1/s/shiatsu/calendar.ics"',
        'href="/c/1/s/shiatsu/atom.xml"',
        "https://net.example.org/c/1/s/shiatsu/embed",
    ):
        assert shown in page, shown
    assert "Internal notes only" not in page
    assert "<b>bold</b>" not in page


async def test_coordinators_are_named_only_when_they_chose(world: tuple[ConsoleDriver, Web]) -> None:
    """A coordinator's name is on the page after ``section coordinator public … yes``, and gone after ``no``."""
    console, web = world
    assert "Anna" not in (await web.get("/c/1/s/shiatsu/"))[2].decode()
    await console.say("/section coordinator public shiatsu yes")
    assert "<li>Anna</li>" in (await web.get("/c/1/s/shiatsu/"))[2].decode()
    await console.say("/section coordinator public shiatsu no")
    assert "Anna" not in (await web.get("/c/1/s/shiatsu/"))[2].decode()


async def test_a_sensitive_section_has_no_page_or_feed(world: tuple[ConsoleDriver, Web]) -> None:
    """Its page, feeds, embed and Atom feed are the same 404 as a section that does not exist; the index leaves it
    out, and its memos cannot be made public."""
    console, web = world
    missing = await web.get("/c/1/s/nothing-here/")
    for path in ("/", "calendar.ics", "atom.xml", "embed"):
        status, _, body = await web.get("/c/1/s/union/" + path.lstrip("/"))
        assert (status, body) == (404, missing[2]), path
    index = (await web.get("/c/1/"))[2].decode()
    assert "Shiatsu" in index
    assert "Union" not in index
    _, _, community_feed = await web.get("/c/1/calendar.ics")
    assert b"Union" not in community_feed
    refused = await console.say(":in union\n/memo post Hello public:yes")
    assert "sensitive" in refused


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("sv-SE,sv;q=0.9,en;q=0.5", ("Kommande möten", "tisdag 3 mars 2026 18:00", "Välkommen (5 min)")),
        ("da,en;q=0.8", ("Kommende møder", "tirsdag den 3. marts 2026 18:00", "Velkomst (5 min.)")),
        ("fr-FR,en;q=0.5", ("Next meetings", "Tuesday, March 3, 2026 18:00", "Welcome (5 min)")),
    ],
)
async def test_page_speaks_the_visitors_language(
    world: tuple[ConsoleDriver, Web], header: str, words: tuple[str, ...]
) -> None:
    """Accept-Language picks Swedish, Danish or English (the community's default when none of ours is asked)."""
    _, web = world
    _, headers, body = await web.get("/c/1/s/shiatsu/", **{"Accept-Language": header})
    page = body.decode()
    for word in words:
        assert word in page, word
    assert headers["Vary"] == "Accept-Language"


async def test_embed_may_be_framed_and_shows_the_next_meeting(world: tuple[ConsoleDriver, Web]) -> None:
    """The embed is the one page others may frame; it shows the next meeting and links to the page."""
    _, web = world
    status, headers, body = await web.get("/c/1/s/shiatsu/embed")
    assert status == 200
    assert "frame-ancestors *" in headers["Content-Security-Policy"]
    page = body.decode()
    assert "Next meeting: Tuesday, March 3, 2026 18:00" in page
    assert 'href="https://net.example.org/c/1/s/shiatsu/" target="_top"' in page


async def test_atom_feed_has_the_calls_and_public_memos(world: tuple[ConsoleDriver, Web]) -> None:
    """The Atom feed is well-formed XML with the planned meetings and the public memo, not the other one."""
    _, web = world
    status, headers, body = await web.get("/c/1/s/shiatsu/atom.xml")
    assert status == 200
    assert headers["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(body)
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert "Meeting on Tuesday, March 3, 2026 18:00" in titles
    assert any(title and title.startswith("Memo of") for title in titles)
    assert b"Internal notes only" not in body


async def test_community_index_lists_public_sections_with_their_next_meeting(world: tuple[ConsoleDriver, Web]) -> None:
    """The root leads to the one community's index, which lists its public sections and links each page."""
    _, web = world
    status, headers, _ = await web.get("/")
    assert (status, headers["Location"]) == (302, "/c/1/")
    page = (await web.get("/c/1/"))[2].decode()
    assert 'href="/c/1/s/shiatsu/"' in page
    assert "Next meeting: Tuesday, March 3, 2026 18:00" in page


async def test_unchanged_page_answers_304_and_a_change_shows(world: tuple[ConsoleDriver, Web]) -> None:
    """A page asked again with its ETag is a 304 until something on it changes."""
    console, web = world
    _, headers, _ = await web.get("/c/1/s/shiatsu/")
    assert (await web.get("/c/1/s/shiatsu/", **{"If-None-Match": headers["ETag"]}))[0] == 304
    await console.say(":in shiatsu\n/memo post Another public:yes")
    status, _, body = await web.get("/c/1/s/shiatsu/", **{"If-None-Match": headers["ETag"]})
    assert status == 200
    assert b"Another" in body


async def test_health_and_static_files(web: Web) -> None:
    """``/healthz`` answers ok; the stylesheet and the icon are served."""
    assert (await web.get("/healthz"))[:3:2] == (200, b"ok\n")
    assert (await web.get("/static/style.css"))[0] == 200
    assert (await web.get("/favicon.ico"))[0] == 200
    assert (await web.get("/static/../server.py"))[0] == 404


async def test_a_section_with_a_matrix_room_links_it(world: tuple[ConsoleDriver, Web]) -> None:
    """Where the section has a Matrix room, the page links it through matrix.to and shows the ! command."""
    console, web = world
    async with console.core.store.transaction() as tx:
        section = await sections.by_slug(tx.conn, 1, "shiatsu")
        assert section is not None
        await sections.bind(tx.conn, section.id, "matrix", "!shiatsu-room", None)
    page = (await web.get("/c/1/s/shiatsu/"))[2].decode()
    assert 'href="https://matrix.to/#/!shiatsu-room"' in page
    assert "!section join shiatsu" in page
