"""Feeds and pages: a section's calendar feed and its page under 50 concurrent clients over loopback.

The bot's web adapter runs as ``netgroups run`` runs it (aiohttp's server over a core built by ``build_core`` on a
copy of the scale database, the clock at the instant the data describes). The clients run in a process of their
own (``python -m benchmarks.feeds URL COUNT CONCURRENCY``), so they do not share the server's event loop: each
keeps one connection alive and asks again as soon as it has its answer. Every request is timed from send to the
last byte; the first request of each kind is reported apart (it reads the database; the rest are served from what
was read, until the next write).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import settings_for, summary_ms
from benchmarks.generate import EPOCH, Generated
from bot.bootstrap import build_core
from bot.clock import SimulatedClock
from bot.i18n import Translator

CONCURRENCY = 50


async def measure(
    data: Generated, database: Path, *, requests: int, log: Callable[[str], None] = print
) -> dict[str, Any]:
    from adapters.web import WebServer

    settings = settings_for()
    settings.web.listen = "127.0.0.1:0"
    core = await build_core(
        settings, SimulatedClock(EPOCH), database_url=f"sqlite:///{database}", translator=Translator()
    )
    server = WebServer(core.inbound, settings.web)
    port = await server.start()
    community_id = min(data.sections)
    slug = _public_slug(data, community_id)
    results: dict[str, Any] = {"section": slug, "clients": CONCURRENCY}
    try:
        for name, path in (
            ("feed", f"/c/{community_id}/s/{slug}/calendar.ics"),
            ("page", f"/c/{community_id}/s/{slug}/"),
        ):
            url = f"http://127.0.0.1:{port}{path}"
            started = time.perf_counter()
            first = await _one(url)
            cold_ms = (time.perf_counter() - started) * 1000
            figures = await asyncio.to_thread(_load_in_process, url, requests, CONCURRENCY)
            figures["first_ms"] = round(cold_ms, 2)
            figures["bytes"] = first
            results[name] = figures
            log(
                f"  {name:<5} {figures['requests_per_s']:7.0f} requests/s, p50 {figures['p50_ms']:.2f} ms, "
                f"p99 {figures['p99_ms']:.2f} ms, first {cold_ms:.1f} ms, errors {figures['errors']}"
            )
    finally:
        await server.close()
        await core.close()
    return results


def _public_slug(data: Generated, community_id: int) -> str:
    return data.sections[community_id][0][1]


async def _one(url: str) -> int:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(url) as response:
        body = await response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
        return len(body)


def _load_in_process(url: str, count: int, concurrency: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.feeds", url, str(count), str(concurrency)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


async def _load(url: str, count: int, concurrency: int) -> dict[str, Any]:
    import aiohttp

    durations: list[float] = []
    errors = 0
    left = count

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal left, errors
        while left > 0:
            left -= 1
            started = time.perf_counter()
            async with session.get(url) as response:
                await response.read()
                if response.status != 200:
                    errors += 1
            durations.append(time.perf_counter() - started)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        began = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return {**summary_ms(durations), "requests_per_s": round(len(durations) / elapsed, 1), "errors": errors}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_load(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))))
