"""matrix-nio clients for tests against a real Synapse: logged in without /login, bounded retries, no E2E store."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp
from nio import AsyncClient, AsyncClientConfig, Event, SyncError, SyncResponse

from tests.synapse.server import RegisteredUser

SYNC_POLL_MS = 500
E = TypeVar("E", bound=Event)
WAIT_TIMEOUT = 10.0


def client_config(**overrides: Any) -> AsyncClientConfig:
    """Bounded retries: nio retries 429 forever and timeouts forever by default, which hangs a test.

    ``encryption_enabled=False`` (and no store path) keeps nio from wanting an Olm account, a key store or a
    key upload; it is also what nio falls back to when python-olm is missing, as it is here.
    """
    options: dict[str, Any] = {
        "max_limit_exceeded": 0,
        "max_timeouts": 2,
        "request_timeout": 15,
        "encryption_enabled": False,
        "store_sync_tokens": False,
    }
    options.update(overrides)
    return AsyncClientConfig(**options)


def logged_in_client(homeserver: str, user: RegisteredUser, **config: Any) -> AsyncClient:
    """An AsyncClient using ``user``'s access token and device (restore_login: no /login request)."""
    client = AsyncClient(homeserver, user.user_id, device_id=user.device_id, config=client_config(**config))
    client.restore_login(user.user_id, user.device_id, user.access_token)
    return client


async def initial_sync(client: AsyncClient) -> SyncResponse:
    """One sync without waiting, so later syncs only bring what happened afterwards."""
    response = await client.sync(timeout=0, full_state=True)
    if not isinstance(response, SyncResponse):
        raise AssertionError(f"initial sync of {client.user_id} failed: {response}")
    return response


async def sync_until(
    client: AsyncClient,
    predicate: Callable[[SyncResponse], bool],
    *,
    within: float = WAIT_TIMEOUT,
) -> SyncResponse:
    """Long-poll /sync until one response satisfies ``predicate``; fail after ``within`` seconds (real time)."""
    deadline = time.monotonic() + within
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"{client.user_id}: nothing expected arrived within {within:.0f} s")
        response = await client.sync(timeout=int(min(remaining, SYNC_POLL_MS / 1000) * 1000) or 1)
        if isinstance(response, SyncError):
            raise AssertionError(f"sync of {client.user_id} failed: {response}")
        if isinstance(response, SyncResponse) and predicate(response):
            return response


def timeline_events(response: SyncResponse, room_id: str | None = None) -> list[Event]:
    """The timeline events of joined rooms in one sync response (of one room when ``room_id`` is given)."""
    events: list[Event] = []
    for joined_id, room in response.rooms.join.items():
        if room_id is None or joined_id == room_id:
            events.extend(room.timeline.events)
    return events


async def wait_for_event(
    client: AsyncClient,
    room_id: str,
    kind: type[E],
    matches: Callable[[E], bool] = lambda _: True,
    *,
    within: float = WAIT_TIMEOUT,
) -> E:
    """Sync until an event of ``kind`` satisfying ``matches`` appears in the room's timeline, and return it."""
    found: list[E] = []

    def look(response: SyncResponse) -> bool:
        found.extend(e for e in timeline_events(response, room_id) if isinstance(e, kind) and matches(e))
        return bool(found)

    await sync_until(client, look, within=within)
    return found[0]


async def wait_for_invite(client: AsyncClient, room_id: str, *, within: float = WAIT_TIMEOUT) -> None:
    await sync_until(client, lambda response: room_id in response.rooms.invite, within=within)


async def raw_request(
    homeserver: str,
    user: RegisteredUser,
    method: str,
    path: str,
    body: Any = None,
    *,
    query: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """One client-server API request with ``user``'s token, bypassing nio; returns (status, decoded JSON)."""
    headers = {"Authorization": f"Bearer {user.access_token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, homeserver + path, json=body, params=query, headers=headers) as response,
    ):
        return response.status, await response.json(content_type=None)


def quoted(identifier: str) -> str:
    """A room id, event id or user id ready for a URL path ($ and ! and : escaped)."""
    return quote(identifier, safe="")


def transaction_id() -> str:
    return uuid.uuid4().hex
