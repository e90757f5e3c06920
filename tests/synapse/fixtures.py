"""Pytest fixtures for a real Synapse. Make them visible to a test directory from its conftest.py::

    from tests.synapse.fixtures import *  # noqa: F403

``synapse``               the run's one Synapse (session scope, raised rate limits)
``synapse_stock_limits``  a second Synapse with Synapse's default rate limits, started on first use
``synapse_factory``       ``make(stock_rate_limits=False) -> SynapseServer``: a private server, stopped after the test
``matrix_user``           ``make(name="user", *, admin=False, exempt=False, server=None) -> RegisteredUser``
``matrix_client``         ``await make(user=None, *, server=None, sync=True) -> nio.AsyncClient``, closed after the test

When Synapse cannot be installed or started, tests that use it are skipped with the reason — or fail, when
``NETGROUPS_REQUIRE_SYNAPSE=1`` (as CI sets it).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path
from typing import Any, NoReturn, Protocol

import pytest
import pytest_asyncio
from nio import AsyncClient

from tests.synapse.client import initial_sync, logged_in_client
from tests.synapse.server import RegisteredUser, SynapseError, SynapseServer
from tests.synapse.venv import SynapseInstallError, ensure_synapse

REQUIRE_VARIABLE = "NETGROUPS_REQUIRE_SYNAPSE"


def synapse_unavailable(reason: str) -> NoReturn:
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{reason} ({REQUIRE_VARIABLE}=1)", pytrace=False)
    pytest.skip(reason)


def launch_synapse(path: Path, *, stock_rate_limits: bool = False) -> SynapseServer:
    """Install Synapse if needed and start a server in ``path``, or skip/fail the calling test with the reason."""
    # The skip or failure is raised outside the except blocks: its report then shows no chained traceback.
    try:
        python = ensure_synapse()
    except SynapseInstallError as problem:
        reason = f"Synapse cannot be installed: {problem}"
    else:
        server = SynapseServer(path, stock_rate_limits=stock_rate_limits, python=python)
        try:
            server.start()
        except (SynapseError, OSError) as problem:
            server.stop()
            reason = f"Synapse cannot be started: {problem}"
        else:
            return server
    synapse_unavailable(reason)


def running(server: SynapseServer) -> SynapseServer:
    """``server``, started again if an earlier test stopped it and did not restart it."""
    if server.running:
        return server
    try:
        server.start()
    except SynapseError as problem:
        reason = f"Synapse cannot be restarted: {problem}"
    else:
        return server
    synapse_unavailable(reason)


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SynapseServer]:
    """The run's one Synapse, rate limits raised. A test that stops it should restart it (``matrix_user`` and
    ``matrix_client`` restart it when they find it stopped); one that wants it for itself uses synapse_factory."""
    server = launch_synapse(tmp_path_factory.mktemp("synapse"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def synapse_stock_limits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SynapseServer]:
    """A Synapse with its default rate limits (rc_message 0.2/s, burst 10), for the tests that prove we cope."""
    server = launch_synapse(tmp_path_factory.mktemp("synapse-stock"), stock_rate_limits=True)
    try:
        yield server
    finally:
        server.stop()


class MakeSynapse(Protocol):
    def __call__(self, *, stock_rate_limits: bool = False, name: str | None = None) -> SynapseServer: ...


@pytest.fixture
def synapse_factory(tmp_path: Path) -> Iterator[MakeSynapse]:
    """Private servers for tests that stop, kill or restart Synapse; each costs ~2–3 s to start."""
    servers: list[SynapseServer] = []

    def make(*, stock_rate_limits: bool = False, name: str | None = None) -> SynapseServer:
        server = launch_synapse(tmp_path / (name or f"synapse-{len(servers)}"), stock_rate_limits=stock_rate_limits)
        servers.append(server)
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.stop()


class MakeUser(Protocol):
    def __call__(
        self,
        name: str = "user",
        *,
        admin: bool = False,
        exempt: bool = False,
        displayname: str | None = None,
        server: SynapseServer | None = None,
    ) -> RegisteredUser: ...


@pytest.fixture
def matrix_user(synapse: SynapseServer) -> MakeUser:
    """Register users with unique names; ``exempt=True`` also lifts the user's rate limits (an admin does it)."""

    def make(
        name: str = "user",
        *,
        admin: bool = False,
        exempt: bool = False,
        displayname: str | None = None,
        server: SynapseServer | None = None,
    ) -> RegisteredUser:
        target = running(server or synapse)
        user = target.register(name, admin=admin, displayname=displayname)
        if exempt:
            target.exempt_from_rate_limits(target.admin.access_token, user.user_id)
        return user

    return make


class MakeClient(Protocol):
    def __call__(
        self,
        user: RegisteredUser | None = None,
        *,
        server: SynapseServer | None = None,
        sync: bool = True,
        **config: Any,
    ) -> Awaitable[AsyncClient]: ...


@pytest_asyncio.fixture
async def matrix_client(synapse: SynapseServer, matrix_user: MakeUser) -> AsyncIterator[MakeClient]:
    """nio clients logged in as registered users (a new user when none is given), closed after the test.

    ``sync=True`` does one initial sync, so the client's next sync only brings what happens afterwards.
    ``config`` overrides AsyncClientConfig fields (defaults: max_limit_exceeded=0, max_timeouts=2).
    """
    clients: list[AsyncClient] = []

    async def make(
        user: RegisteredUser | None = None,
        *,
        server: SynapseServer | None = None,
        sync: bool = True,
        **config: Any,
    ) -> AsyncClient:
        target = running(server or synapse)
        client = logged_in_client(target.url, user or matrix_user(server=target), **config)
        clients.append(client)
        if sync:
            await initial_sync(client)
        return client

    try:
        yield make
    finally:
        for client in clients:
            await client.close()


__all__ = [
    "MakeClient",
    "MakeSynapse",
    "MakeUser",
    "launch_synapse",
    "matrix_client",
    "matrix_user",
    "running",
    "synapse",
    "synapse_factory",
    "synapse_stock_limits",
    "synapse_unavailable",
]
