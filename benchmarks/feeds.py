"""Feeds and pages: a section's calendar feed and its page under 50 concurrent clients over loopback.

The bot's web adapter runs as ``netgroups run`` runs it (aiohttp's server over a core built by ``build_core`` on a
copy of the scale database, the clock at the instant the data describes). The clients run in a process of their
own (``python -m benchmarks.feeds URL COUNT CONCURRENCY [plain|aiohttp]``), so they do not share the server's
event loop: each keeps one connection alive and asks again as soon as it has its answer. Every request is timed from
send to the last byte; the first request of each kind is reported apart (it reads the database; the rest are served
from what was read, until the next write).

The clients that make the figure write HTTP/1.1 on plain asyncio streams (a GET, then the status line, the headers
and ``Content-Length`` bytes read back): aiohttp's client cost 0.15 ms of CPU per request against the server's
0.06 ms, so on a 2-CPU machine its 50 clients, not the server, set the pace and the p99. The same load through
aiohttp's client is run after it and reported beside (``feed_aiohttp_client``, ``page_aiohttp_client``). The CPU
time of the server's process and of the clients' per request is reported with each.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
            for client, key in (("plain", name), ("aiohttp", f"{name}_aiohttp_client")):
                figures = await _load_measured(url, requests, client)
                figures["first_ms"] = round(cold_ms, 2)
                figures["bytes"] = first
                results[key] = figures
                log(
                    f"  {key:<19} {figures['requests_per_s']:7.0f} requests/s, p50 {figures['p50_ms']:.2f} ms, "
                    f"p99 {figures['p99_ms']:.2f} ms, first {cold_ms:.1f} ms, errors {figures['errors']}; CPU per "
                    f"request: server {figures['server_cpu_ms']:.3f} ms, clients {figures['client_cpu_ms']:.3f} ms"
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


async def _load_measured(url: str, count: int, client: str) -> dict[str, Any]:
    """The load in a process of its own, with the CPU time of this process (the server) and of the clients."""
    server_before, clients_before = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    figures = await asyncio.to_thread(_load_in_process, url, count, CONCURRENCY, client)
    figures["server_cpu_ms"] = round((_cpu(resource.RUSAGE_SELF) - server_before) / count * 1000, 4)
    figures["client_cpu_ms"] = round((_cpu(resource.RUSAGE_CHILDREN) - clients_before) / count * 1000, 4)
    return figures


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _load_in_process(url: str, count: int, concurrency: int, client: str = "plain") -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.feeds", url, str(count), str(concurrency), client],
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


async def _load_plain(url: str, count: int, concurrency: int) -> dict[str, Any]:
    """As ``_load``, with HTTP/1.1 written and read on plain asyncio streams (keep-alive, ``Content-Length``)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    request = f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: */*\r\n\r\n".encode()
    durations: list[float] = []
    errors = 0
    left = count

    async def client() -> None:
        nonlocal left, errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while left > 0:
                left -= 1
                started = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = _content_length(head)
                await reader.readexactly(length)
                if not head.startswith(b"HTTP/1.1 200"):
                    errors += 1
                durations.append(time.perf_counter() - started)
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    return {**summary_ms(durations), "requests_per_s": round(len(durations) / elapsed, 1), "errors": errors}


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    raise RuntimeError("no Content-Length in the answer: " + head.decode(errors="replace")[:200])


if __name__ == "__main__":
    _load_with = _load_plain if sys.argv[4:] == ["plain"] else _load
    print(json.dumps(asyncio.run(_load_with(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))))
