"""The health chart's drawing process: kept for the next chart, replaced when it has gone, and gone when idle."""

from __future__ import annotations

import io
import json
import os
import struct
from dataclasses import asdict
from typing import cast

import pytest
from PIL import Image

from bot.domain.health import Figures
from bot.services import health_chart
from bot.services.health_chart import HEIGHT, WIDTH, ChartLabels, draw_apart

LABELS = ChartLabels("Health", "now", "before", "Meetings", "Answers", "New members", "Memos", ("Gardens", "Pottery"))
ROWS = [(Figures(2, 9, 1, 3, 2), Figures(1, 4, 0, 1, 1)), (Figures(1, 2, 0, 0, 0), Figures(0, 0, 0, 0, 0))]


def _drawing_pid() -> int | None:
    process = health_chart._DRAWER._process
    return None if process is None or process.poll() is not None else process.pid


async def test_the_next_chart_is_drawn_by_the_same_process() -> None:
    first = await draw_apart(ROWS, LABELS)
    pid = _drawing_pid()
    assert pid is not None
    assert await draw_apart(ROWS, LABELS) == first
    assert _drawing_pid() == pid
    assert Image.open(io.BytesIO(first)).size == (WIDTH, HEIGHT)


async def test_a_drawing_process_that_has_gone_is_replaced() -> None:
    """Killed (or gone idle) between two charts: the next chart comes from a new process, nothing is lost."""
    expected = await draw_apart(ROWS, LABELS)
    process = health_chart._DRAWER._process
    assert process is not None
    process.kill()
    process.wait()
    assert await draw_apart(ROWS, LABELS) == expected
    assert _drawing_pid() not in (None, process.pid)


async def test_a_chart_that_cannot_be_drawn_is_an_error_and_the_process_stays() -> None:
    await draw_apart(ROWS, LABELS)
    pid = _drawing_pid()
    endless = Figures(meetings=cast(int, float("inf")))
    with pytest.raises(RuntimeError, match="drawing the health chart failed"):
        await draw_apart([(endless, endless)], LABELS)  # an axis cannot reach infinity
    assert _drawing_pid() == pid
    assert Image.open(io.BytesIO(await draw_apart(ROWS, LABELS))).format == "PNG"


def test_the_process_leaves_when_nothing_is_asked_or_its_input_ends() -> None:
    requests_read, requests_write = os.pipe()
    answers = io.BytesIO()
    with open(requests_read, "rb", buffering=0) as requests:
        health_chart._serve(requests, answers, idle_seconds=0)  # nothing asked: it leaves at once
        assert answers.getvalue() == b""
        rows = [[asdict(current), asdict(previous)] for current, previous in ROWS]
        request = json.dumps({"labels": asdict(LABELS), "rows": rows}).encode()
        os.write(requests_write, struct.pack("!Q", len(request)) + request)
        os.close(requests_write)
        health_chart._serve(requests, answers, idle_seconds=60)  # one chart, then the end of its input
    assert answers.getvalue()[:1] == b"+"
    (length,) = struct.unpack("!Q", answers.getvalue()[1:9])
    assert Image.open(io.BytesIO(answers.getvalue()[9 : 9 + length])).size == (WIDTH, HEIGHT)
