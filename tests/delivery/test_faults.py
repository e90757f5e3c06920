"""Fault points kill the process only where a test asked, narrowed to one kind of delivery when it said so."""

from __future__ import annotations

import os
import signal

import pytest

from bot.delivery.faults import FaultPoints


@pytest.fixture
def kills(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The signals the fault points would have sent this process (none is sent)."""
    sent: list[int] = []
    monkeypatch.setattr(os, "kill", lambda _pid, signal_number: sent.append(signal_number))
    return sent


def test_a_point_narrowed_to_a_kind_passes_other_kinds_by(kills: list[int]) -> None:
    faults = FaultPoints("after-send:announcement")
    faults.reached("after-send", "call")
    faults.reached("after-claim", "announcement")
    assert kills == []
    faults.reached("after-send", "announcement")
    assert kills == [signal.SIGKILL]


def test_a_point_without_a_kind_is_reached_by_any_and_counts(kills: list[int]) -> None:
    faults = FaultPoints("after-send", after=2)
    faults.reached("after-send", "call")
    assert kills == []
    faults.reached("after-send", "announcement")
    assert kills == [signal.SIGKILL]
