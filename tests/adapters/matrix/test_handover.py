"""Hand-over on Matrix, against a real Synapse: the offer reaches the member in their direct room, and accepting
moves the section room's moderator power level (read back from Synapse) from the one who offered it to them."""

from __future__ import annotations

import pytest

from tests.adapters.matrix.conftest import MatrixWorld, content

pytestmark = pytest.mark.e2e


async def test_a_handover_offered_and_accepted_moves_the_power_level(world: MatrixWorld) -> None:
    room, (anna, bo) = await world.shiatsu("Bo")
    levels = await world.state(room, "m.room.power_levels")
    assert levels is not None
    assert levels["users"].get(anna.user_id) == 50

    await world.command(anna, "!section handover Bo shiatsu")
    await world.deliver()
    asked = await bo.until(
        lambda: [
            e for e in bo.bot_events(bo.dm, world.bot_id) if "Would you coordinate shiatsu?" in content(e)["body"]
        ],
        "the offer in Bo's direct room",
    )
    assert "!section coordinator accept shiatsu" in content(asked[0])["body"]

    await world.command(bo, "!section coordinator accept shiatsu")
    await world.deliver()
    levels = await world.state(room, "m.room.power_levels")
    assert levels is not None
    assert levels["users"].get(bo.user_id) == 50
    assert anna.user_id not in levels["users"]
