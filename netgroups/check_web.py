"""The web server's rows in ``netgroups check``: is ``[web] listen`` usable, and do links reach it?

The bot may be running while the check runs (a container's health check, an operator looking at a live
deployment), so the listening address is first asked for ``/healthz``: netgroups answering there is the good
case. Nothing answering is fine before a start (the port is tried by binding it for a moment) and a failure
with ``--live``; something else answering means the bot could not listen there.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket

import aiohttp

from bot.checks import Finding
from bot.replies import msg
from bot.settings import WebSettings

#: How long the pages may take to answer /healthz before the check says they do not.
ANSWER_SECONDS = 5.0
_HEALTHY = "ok"


async def check_web(settings: WebSettings, *, live: bool) -> list[Finding]:
    """No rows when the web server is off; otherwise one about the listening address and, where links would
    not reach members, one about ``base_url``."""
    if settings.listen is None:
        return []
    host, _, port_text = settings.listen.rpartition(":")
    host, port = host.strip("[]"), int(port_text)
    url = f"http://{_url_host(_reachable_host(host))}:{port}/healthz"
    findings = [await _listening(url, host, port, settings.listen, live=live)]
    if not live:
        findings.extend(_links(settings, host))
    return findings


async def _listening(url: str, host: str, port: int, listen: str, *, live: bool) -> Finding:
    answer = await _health(url)
    if answer == _HEALTHY:
        return Finding.ok(msg("check-web-answering", listen=listen))
    if answer is not None:
        return Finding.fail(msg("check-web-foreign", listen=listen), msg("check-fix-web-port"))
    if live:
        return Finding.fail(msg("check-web-silent", listen=listen), msg("check-fix-start"))
    problem = _bind_problem(host, port)
    if problem is None:
        return Finding.ok(msg("check-web-free", listen=listen))
    return Finding.fail(msg("check-web-unusable", listen=listen, reason=problem), msg("check-fix-web-port"))


async def _health(url: str) -> str | None:
    """What answers at ``url``: its text ("ok" from netgroups), "" for any other answer, None for nothing."""
    timeout = aiohttp.ClientTimeout(total=ANSWER_SECONDS)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as response:
            body = await response.text(errors="replace")
    except (aiohttp.ClientConnectionError, TimeoutError):
        return None
    except aiohttp.ClientError:
        return ""
    return body.strip() if response.status == 200 else ""


def _bind_problem(host: str, port: int) -> str | None:
    """Why ``netgroups run`` could not listen at host:port, or None when it could (tried and let go at once)."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as problem:
        return problem.strerror
    family, kind, protocol, _, address = infos[0]
    with socket.socket(family, kind, protocol) as probe:
        # As aiohttp's server does: a port in TIME_WAIT after a restart is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as problem:
            return problem.strerror or str(problem)
    return None


def _links(settings: WebSettings, host: str) -> list[Finding]:
    """Links in meeting calls and feeds start with ``base_url``; without it they name the listening address,
    which members cannot open when it is this machine's own."""
    if settings.base_url is not None:
        return [Finding.ok(msg("check-web-links", base=settings.base_url))]
    if _is_local(host):
        return [Finding.warn(msg("check-web-links-local", listen=settings.listen), msg("check-fix-web-base-url"))]
    return [Finding.ok(msg("check-web-links", base=settings.link_base()))]


def _reachable_host(host: str) -> str:
    """Where to ask for the pages: a wildcard address is answered on loopback."""
    if host in ("", "0.0.0.0"):  # noqa: S104 - a listening address read from the settings, not one we bind
        return "127.0.0.1"
    return "::1" if host == "::" else host


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _is_local(host: str) -> bool:
    if host in ("", "localhost", "0.0.0.0", "::"):  # noqa: S104 - compared, not bound
        return True
    with contextlib.suppress(ValueError):
        address = ipaddress.ip_address(host)
        return address.is_loopback or address.is_private or address.is_unspecified
    return False
