"""``netgroups check`` about ``[web]``: the pages answering, a free or taken port, and links members can open."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiohttp import web as aioweb

from bot.checks import Finding, Mark
from bot.i18n import Translator
from bot.settings import Settings, WebSettings
from netgroups.check import Report, check, render
from netgroups.check_web import check_web
from tests.web.conftest import Web


def _marks(findings: list[Finding]) -> list[tuple[Mark, str]]:
    return [(finding.mark, finding.what.key) for finding in findings]


def _port_of(web: Web) -> int:
    return int(web.root.rpartition(":")[2])


@pytest.fixture
def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest_asyncio.fixture
async def foreign_port() -> AsyncIterator[int]:
    """Another web server, not netgroups, on a port."""

    async def hello(request: aioweb.Request) -> aioweb.Response:
        return aioweb.Response(text="hello from something else")

    app = aioweb.Application()
    app.add_routes([aioweb.get("/{tail:.*}", hello)])
    runner = aioweb.AppRunner(app)
    await runner.setup()
    site = aioweb.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield int(runner.addresses[0][1])
    await runner.cleanup()


async def test_nothing_is_said_about_the_web_when_it_is_off() -> None:
    assert await check_web(WebSettings(), live=False) == []
    assert await check_web(WebSettings(), live=True) == []


async def test_the_running_pages_answer_and_links_use_base_url(web: Web) -> None:
    settings = WebSettings(listen=f"127.0.0.1:{_port_of(web)}", base_url="https://net.example.org")
    assert _marks(await check_web(settings, live=False)) == [
        (Mark.OK, "check-web-answering"),
        (Mark.OK, "check-web-links"),
    ]
    assert _marks(await check_web(settings, live=True)) == [(Mark.OK, "check-web-answering")]


async def test_a_free_port_is_fine_before_the_start_and_a_failure_when_live(unused_port: int) -> None:
    settings = WebSettings(listen=f"127.0.0.1:{unused_port}", base_url="https://net.example.org")
    assert _marks(await check_web(settings, live=False))[0] == (Mark.OK, "check-web-free")
    assert _marks(await check_web(settings, live=True)) == [(Mark.FAIL, "check-web-silent")]


async def test_another_server_on_the_port_fails_with_what_to_do(foreign_port: int) -> None:
    [finding, _] = await check_web(WebSettings(listen=f"127.0.0.1:{foreign_port}"), live=False)
    assert (finding.mark, finding.what.key) == (Mark.FAIL, "check-web-foreign")
    assert finding.fix is not None
    assert finding.fix.key == "check-fix-web-port"


async def test_a_port_taken_without_answering_cannot_be_listened_on() -> None:
    with socket.socket() as holder:
        # Bound but not listening: a connection is refused, and so is a second bind.
        holder.bind(("127.0.0.1", 0))
        port = int(holder.getsockname()[1])
        [finding, _] = await check_web(WebSettings(listen=f"127.0.0.1:{port}"), live=False)
    assert (finding.mark, finding.what.key) == (Mark.FAIL, "check-web-unusable")
    assert "Address already in use" in str(finding.what.args["reason"])


async def test_links_to_this_machines_own_address_are_a_warning_with_the_fix(unused_port: int) -> None:
    findings = await check_web(WebSettings(listen=f"0.0.0.0:{unused_port}"), live=False)
    assert _marks(findings) == [(Mark.OK, "check-web-free"), (Mark.WARN, "check-web-links-local")]
    assert findings[1].fix is not None
    assert findings[1].fix.key == "check-fix-web-base-url"


async def test_the_table_has_a_web_row_in_the_communitys_language(web: Web, sqlite_url: str) -> None:
    settings = Settings(
        storage={"data_dir": "unused", "database_url": sqlite_url},  # type: ignore[arg-type]
        web={"listen": f"127.0.0.1:{_port_of(web)}", "base_url": "https://net.example.org"},  # type: ignore[arg-type]
    )
    report: Report = await check(settings)
    table = render(report, Translator(), "sv")
    assert f"✔ webb           Sidorna och kalenderflödena svarar på 127.0.0.1:{_port_of(web)}." in table
    assert "✔ webb           Länkar i möteskallelser och flöden börjar med https://net.example.org." in table
