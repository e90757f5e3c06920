"""The pages in a real headless browser: Debian's chromium driven by selenium through chromium-driver (no browser
download). Renders in Swedish and Danish without console errors, its join and calendar links work, the embed
renders in an iframe on another site's page, and a screenshot is kept (``NETGROUPS_ARTIFACTS``, default
``.artifacts/``).

Skipped when chromium is not installed, unless ``NETGROUPS_REQUIRE_BROWSER=1`` (CI: ``.ci/run`` installs it).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web as aioweb

from tests.console_driver import ConsoleDriver
from tests.web.conftest import Web

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(os.environ.get("NETGROUPS_ARTIFACTS", Path(__file__).resolve().parents[2] / ".artifacts"))
SECTION = """
:as Anna
/section create Shiatsu kind:profession purpose:"Vi har lokaler, vi behöver klienter"
:in shiatsu
/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus, Malmö"
/section coordinator public shiatsu yes
/memo post "Vi bestämde att träffas i Lund i maj." public:yes
"""


def _browser_or_skip() -> None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        reason = f"no browser for page tests ({', '.join(missing)} missing: apt-get install chromium chromium-driver)"
        if os.environ.get("NETGROUPS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (NETGROUPS_REQUIRE_BROWSER=1)")
        pytest.skip(reason)


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[Any]:
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=420,1600"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium'}")
    options.add_experimental_option("prefs", {"intl.accept_languages": "sv-SE,sv"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield browser
    finally:
        browser.quit()


class OtherSite:
    """Another origin (a port of its own) whose page frames the embed, as an association's blog would."""

    def __init__(self) -> None:
        self.url = ""
        self.iframe = ""

    async def page(self, _: aioweb.Request) -> aioweb.Response:
        html = f"<!doctype html><html lang=en><title>Blog</title><h1>Our blog</h1>{self.iframe}</html>"
        return aioweb.Response(text=html, content_type="text/html")


@pytest_asyncio.fixture
async def other_site() -> AsyncIterator[OtherSite]:
    site = OtherSite()
    app = aioweb.Application()
    app.router.add_get("/", site.page)
    runner = aioweb.AppRunner(app)
    await runner.setup()
    await aioweb.TCPSite(runner, "127.0.0.1", 0).start()
    site.url = f"http://127.0.0.1:{runner.addresses[0][1]}/"
    yield site
    await runner.cleanup()


def _errors(browser: Any, origin: str) -> list[dict[str, Any]]:
    """Console errors about our server's pages (the stand-in blog has no icon of its own: not ours to judge)."""
    return [
        entry
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE" and (origin in entry["message"] or not entry["message"].startswith("http"))
    ]


async def test_section_page_in_a_real_browser(
    console: ConsoleDriver, web: Web, driver: Any, other_site: OtherSite
) -> None:
    """Swedish by the browser's language and Danish by choice, no console errors, working links, a screenshot,
    and the embed inside another site's iframe."""
    from selenium.webdriver.common.by import By

    await console.say(SECTION)
    page = web.root + "/c/1/s/shiatsu/"

    def swedish() -> dict[str, Any]:
        driver.get(page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "section-page-sv.png"))
        return {
            "lang": driver.find_element(By.TAG_NAME, "html").get_attribute("lang"),
            "h2": [element.text for element in driver.find_elements(By.TAG_NAME, "h2")],
            "ics": driver.find_element(By.ID, "ics-link").get_attribute("href"),
            "join": driver.find_element(By.ID, "join-discord").get_attribute("href"),
            "label": driver.find_element(By.CSS_SELECTOR, "label[for=embed-code]").text,
            "errors": _errors(driver, web.root),
        }

    seen = await asyncio.to_thread(swedish)
    assert seen["lang"] == "sv"
    assert "Kommande möten" in seen["h2"]
    assert "Så går du med" in seen["h2"]
    assert seen["label"]
    assert seen["errors"] == []
    assert seen["join"] == "https://discord.gg/netgroups"
    status, headers, body = await web.get(seen["ics"])
    assert (status, headers["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")

    def danish() -> dict[str, Any]:
        driver.get(page + "?lang=da")
        driver.save_screenshot(str(ARTIFACTS / "section-page-da.png"))
        return {
            "lang": driver.find_element(By.TAG_NAME, "html").get_attribute("lang"),
            "h2": [element.text for element in driver.find_elements(By.TAG_NAME, "h2")],
            "errors": _errors(driver, web.root),
        }

    seen = await asyncio.to_thread(danish)
    assert seen["lang"] == "da"
    assert "Kommende møder" in seen["h2"]
    assert seen["errors"] == []

    embed = web.root + "/c/1/s/shiatsu/embed"

    def framed() -> dict[str, Any]:
        driver.get(other_site.url)
        driver.switch_to.frame(driver.find_element(By.TAG_NAME, "iframe"))
        text = driver.find_element(By.TAG_NAME, "main").text
        driver.switch_to.default_content()
        return {"text": text, "errors": _errors(driver, web.root)}

    # The blog's page carries the very snippet the section page offers to copy (pointed at this test server).
    snippet = (await web.get("/c/1/s/shiatsu/"))[2].decode()
    start = snippet.index("&lt;iframe")
    code = snippet[start : snippet.index("&lt;/iframe&gt;", start) + len("&lt;/iframe&gt;")]
    code = code.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"')
    code = code.replace("https://net.example.org/c/1/s/shiatsu/embed", embed)
    other_site.iframe = code
    seen = await asyncio.to_thread(framed)
    assert "Nästa möte" in seen["text"] or "Next meeting" in seen["text"]
    assert "Folkets hus, Malmö" in seen["text"]
    assert seen["errors"] == []


def test_chromium_is_where_the_tests_look_or_skipped() -> None:
    """The page tests find Debian's chromium and its driver (else skip, or fail under NETGROUPS_REQUIRE_BROWSER)."""
    _browser_or_skip()
    assert shutil.which("chromium") == str(CHROMIUM)
