"""After posting a call, its reactions are read back only when one may have come before its id was recorded
(no homeserver needed: the gateway tells from what the syncs brought)."""

from __future__ import annotations

from nio import AsyncClient

from adapters.matrix.gateway import MatrixGateway
from bot.i18n import Translator
from bot.ports import SentMessage


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def gateway(clock: FakeMonotonic) -> MatrixGateway:
    return MatrixGateway(AsyncClient("http://127.0.0.1:9", "@bot:localhost"), Translator(), "!", monotonic=clock)


async def test_a_call_nobody_reacted_to_needs_no_read_back() -> None:
    """No sync brought a reaction to the new call: nothing can have been missed."""
    assert not gateway(FakeMonotonic()).may_have_missed_reactions(SentMessage("!room", "$call"))


async def test_a_reaction_seen_before_the_call_was_recorded_asks_for_a_read_back() -> None:
    """A sync brought a reaction to the call (the core found no call for it yet): read the call back."""
    clock = FakeMonotonic()
    matrix = gateway(clock)
    matrix.saw_reaction("$call")
    assert matrix.may_have_missed_reactions(SentMessage("!room", "$call"))
    assert not matrix.may_have_missed_reactions(SentMessage("!room", "$other"))
    clock.now += 3_600  # long after: that reaction is not about this posting
    assert not matrix.may_have_missed_reactions(SentMessage("!room", "$call"))
