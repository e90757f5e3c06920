"""The pace of sends: as many in flight as the homeserver's answers allow (no homeserver needed)."""

from __future__ import annotations

import asyncio

from adapters.matrix.pace import Pace


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_no_more_sends_in_flight_than_allowed() -> None:
    """With four allowed, a fifth send waits until one of the four is answered."""
    pace = Pace(4)
    inside = 0
    most_inside = 0
    release = asyncio.Event()

    async def send() -> None:
        nonlocal inside, most_inside
        async with pace.turn():
            inside += 1
            most_inside = max(most_inside, inside)
            await release.wait()
            inside -= 1

    tasks = [asyncio.create_task(send()) for _ in range(10)]
    for _ in range(10):
        await asyncio.sleep(0)
    assert inside == 4
    release.set()
    await asyncio.gather(*tasks)
    assert most_inside == 4


async def test_a_rate_limit_halves_the_sends_in_flight_and_accepted_sends_raise_them_again() -> None:
    """Refused: half as many at once; then one more after each run of accepted sends as long as the allowance."""
    pace = Pace(8, monotonic=FakeMonotonic())
    pace.limited(0.0)
    assert pace.allowed == 4
    pace.limited(0.0)
    pace.limited(0.0)
    pace.limited(0.0)
    assert pace.allowed == 1  # never fewer than one
    pace.accepted()
    assert pace.allowed == 2
    pace.accepted()
    pace.accepted()
    assert pace.allowed == 3
    for _ in range(100):
        pace.accepted()
    assert pace.allowed == 8  # never more than the most


async def test_nobody_sends_before_the_delay_the_homeserver_named() -> None:
    """After a refusal for 5 s no send starts until the clock has passed it."""
    clock = FakeMonotonic()
    pace = Pace(4, monotonic=clock)
    pace.limited(5.0)
    clock.now += 5.01
    async with asyncio.timeout(1):
        async with pace.turn():
            pass
    pace.limited(5.0)
    waiting = asyncio.create_task(_enter(pace))
    for _ in range(10):
        await asyncio.sleep(0)
    assert not waiting.done()
    waiting.cancel()


async def _enter(pace: Pace) -> None:
    async with pace.turn():
        pass


async def test_a_send_that_can_wait_goes_only_when_no_other_send_waits_or_is_on_its_way() -> None:
    """A seed reaction (``later``) waits while calls are waiting for a turn or in flight, even with room to spare,
    so that the homeserver takes the calls first; then it goes (at once here: no quiet moment asked)."""
    pace = Pace(4, later_after=0.0)
    order: list[str] = []
    release = asyncio.Event()

    async def send(name: str, *, later: bool = False) -> None:
        async with pace.turn(later=later):
            order.append(name)
            if not later:
                await release.wait()

    call = asyncio.create_task(send("call 1"))
    for _ in range(5):
        await asyncio.sleep(0)
    seed = asyncio.create_task(send("seed", later=True))
    for _ in range(5):
        await asyncio.sleep(0)
    second_call = asyncio.create_task(send("call 2"))
    for _ in range(5):
        await asyncio.sleep(0)
    assert order == ["call 1", "call 2"]  # the seed waits although three places are free
    release.set()
    await asyncio.gather(call, seed, second_call)
    assert order == ["call 1", "call 2", "seed"]


async def test_a_send_given_up_while_waiting_holds_up_nobody() -> None:
    """A call cancelled while it waits for its turn no longer counts as waiting: a seed behind it goes."""
    pace = Pace(1, later_after=0.0)
    release = asyncio.Event()

    async def hold() -> None:
        async with pace.turn():
            await release.wait()

    holding = asyncio.create_task(hold())
    await asyncio.sleep(0)
    waiting = asyncio.create_task(_enter(pace))
    await asyncio.sleep(0)
    waiting.cancel()
    release.set()
    await holding
    async with asyncio.timeout(1):
        async with pace.turn(later=True):
            pass


async def test_a_send_that_can_wait_does_not_slip_in_between_two_batches_of_calls() -> None:
    """Between two calls there is a moment with none waiting or in flight (the worker claims and composes the
    next one): a seed reaction does not take it, but waits until calls have stopped for a while."""
    clock = FakeMonotonic()
    pace = Pace(4, monotonic=clock)
    order: list[str] = []

    async def send(name: str, *, later: bool = False) -> None:
        async with pace.turn(later=later):
            order.append(name)

    await send("call 1")
    seed = asyncio.create_task(send("seed", later=True))
    for _ in range(5):
        await asyncio.sleep(0)
    await send("call 2")
    for _ in range(5):
        await asyncio.sleep(0)
    assert order == ["call 1", "call 2"]
    seed.cancel()
    await asyncio.gather(seed, return_exceptions=True)
    clock.now += 0.06
    await send("seed", later=True)  # calls have stopped: it goes at once
    assert order == ["call 1", "call 2", "seed"]
