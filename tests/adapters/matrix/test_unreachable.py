"""A homeserver that cannot be reached is a refusal for now, whatever the gateway was doing: the delivery waits
in the outbox and is tried again, with a warning, never an error with a traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from nio import AsyncClient, AsyncClientConfig

from adapters.matrix.gateway import PLATFORM, MatrixGateway
from bot.bootstrap import Core
from bot.ports import DeliveryError, Destination, DestinationKind
from tests.synapse.server import free_port


@pytest_asyncio.fixture
async def gateway(core: Core) -> AsyncIterator[MatrixGateway]:
    """The gateway of a bot whose homeserver's port has nothing listening (Synapse stopped)."""
    client = AsyncClient(f"http://127.0.0.1:{free_port()}", "@bot:localhost", config=AsyncClientConfig(max_timeouts=0))
    client.restore_login("@bot:localhost", "DEVICE", "token")

    yield MatrixGateway(client, core.services.translator, "!")
    await client.close()


async def test_looking_for_a_lost_send_while_the_homeserver_is_down_is_retried_later(
    gateway: MatrixGateway, core: Core
) -> None:
    """find_sent (a delivery claimed before) with the homeserver down: a DeliveryError that is not permanent."""
    destination = Destination(PLATFORM, DestinationKind.CHANNEL, community_id=1, channel="!room", section_id=1)
    with pytest.raises(DeliveryError) as refusal:
        await gateway.find_sent(destination, "netgroups:o1:call:section:1:matrix", since=core.clock.now())
    assert not refusal.value.permanent
    assert "homeserver unreachable" in str(refusal.value)
