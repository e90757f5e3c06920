"""The health report's chart: a PNG drawn in the core with matplotlib's Agg backend.

matplotlib is imported here, when a chart is drawn, never at start-up: importing it costs about half a second.
The bot draws in a process of its own (:func:`draw_apart`): drawing a community's hundred sections holds the GIL for
seconds, and in a thread of the bot's every timer and command would wait on it (the event loop was seen 165 ms
late). That process stays for the next chart until it has been idle for :data:`IDLE_SECONDS` (starting Python and
matplotlib costs about 0.6 s of CPU, a small chart once they are up 0.2 s). The drawing is deterministic: a fixed
size, matplotlib's own DejaVu fonts (nothing downloaded), no timestamp or software name in the file, so the same
figures give the same bytes.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import select
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from io import BytesIO
from typing import IO, Any

from bot.domain.health import Figures

#: The chart's size in pixels: WIDTH × HEIGHT at DPI.
WIDTH, HEIGHT, DPI = 960, 640, 100
_NAME_CHARS = 18
_BEFORE, _NOW = "#b8c4d6", "#2f6db5"
#: The drawing process leaves after this long without a chart to draw (it holds matplotlib, some 80 MB).
IDLE_SECONDS = 600.0
#: Each message between the bot and its drawing process: its length (8 bytes), then that many bytes; an answer's
#: first byte says whether the rest is the PNG or the error that stopped the drawing.
_LENGTH = struct.Struct("!Q")
_DRAWN, _FAILED = b"+", b"-"


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """What the chart says, already translated."""

    title: str
    current: str
    previous: str
    meetings: str
    answers: str
    new_members: str
    memos: str
    sections: tuple[str, ...]


def _short(name: str) -> str:
    return name if len(name) <= _NAME_CHARS else name[: _NAME_CHARS - 1] + "…"


def _values(figures: Figures) -> tuple[float, ...]:
    return (figures.meetings, figures.answers_per_meeting, figures.new_members, figures.memos)


def render_rows(rows_of_figures: Sequence[tuple[Figures, Figures]], labels: ChartLabels) -> bytes:
    """Four panels (meetings, answers per meeting, new members, memos): each row's bar now beside the one before,
    ``(current, previous)`` figures named by ``labels.sections`` in that order."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(labels.title, fontsize=12, fontfamily="DejaVu Sans")
    names = [_short(name) for name in labels.sections]
    rows = range(len(names))
    panels = (labels.meetings, labels.answers, labels.new_members, labels.memos)
    axes = figure.subplots(2, 2, sharey=True)
    for index, (axis, panel) in enumerate(zip(axes.flat, panels, strict=True)):
        before = [_values(previous)[index] for _current, previous in rows_of_figures]
        now = [_values(current)[index] for current, _previous in rows_of_figures]
        axis.barh([row + 0.2 for row in rows], before, height=0.4, color=_BEFORE, label=labels.previous)
        axis.barh([row - 0.2 for row in rows], now, height=0.4, color=_NOW, label=labels.current)
        axis.set_xlim(0, max([1.0, *before, *now]) * 1.15)
        axis.set_title(panel, fontsize=10, fontfamily="DejaVu Sans")
        axis.set_yticks(list(rows), names, fontsize=8, fontfamily="DejaVu Sans")
        axis.tick_params(axis="x", labelsize=8)
        axis.grid(axis="x", color="#dddddd", linewidth=0.6)
        axis.set_axisbelow(True)
    axes.flat[0].invert_yaxis()  # shared by the four panels: the first section on top
    figure.legend(
        *axes.flat[0].get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=9, frameon=False
    )
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


async def draw_apart(rows_of_figures: Sequence[tuple[Figures, Figures]], labels: ChartLabels) -> bytes:
    """:func:`render_rows` in the drawing process (``python -m bot.services.health_chart``): the figures go in as
    JSON, the PNG comes back. The event loop waits in a thread of its own, which waits on a pipe."""
    request = {
        "labels": asdict(labels),
        "rows": [[asdict(current), asdict(previous)] for current, previous in rows_of_figures],
    }
    return await asyncio.to_thread(_DRAWER.draw, json.dumps(request).encode())


class _ProcessGone(Exception):
    """The drawing process ended before it answered (it left idle, or died)."""


class _Drawer:
    """The drawing process: started at the first chart, asked one chart at a time (from any thread or event loop),
    and started again when it has gone."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def draw(self, request: bytes) -> bytes:
        with self._lock:
            try:
                return self._ask(request)
            except _ProcessGone:
                # It may have left, idle, just as the chart was asked for: once more, in a new one.
                self._forget()
                try:
                    return self._ask(request)
                except _ProcessGone as gone:
                    self._forget()
                    raise RuntimeError("the process drawing the health chart ended before answering") from gone

    def _ask(self, request: bytes) -> bytes:
        process = self._running()
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            process.stdin.write(_LENGTH.pack(len(request)) + request)
            process.stdin.flush()
        except (BrokenPipeError, OSError) as gone:
            raise _ProcessGone from gone
        status = process.stdout.read(1)
        answer = _read_message(process.stdout)
        if not status or answer is None:
            raise _ProcessGone
        if status != _DRAWN:
            raise RuntimeError(f"drawing the health chart failed: {answer.decode(errors='replace')[-2000:]}")
        return answer

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._forget()
            # Its errors come back as answers; what else it might print (a font cache being built) is not ours.
            self._process = subprocess.Popen(  # noqa: S603 (this module, run by this Python)
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        return self._process

    def _forget(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()
        try:
            process.wait(timeout=5)  # it leaves at the end of its input
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def close(self) -> None:
        with self._lock:
            self._forget()


_DRAWER = _Drawer()
atexit.register(_DRAWER.close)


def _read_message(stream: IO[bytes]) -> bytes | None:
    """One length-prefixed message, or None at the end of the stream."""
    header = _read_exactly(stream, _LENGTH.size)
    if header is None:
        return None
    (length,) = _LENGTH.unpack(header)
    return _read_exactly(stream, length)


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks, wanted = [], size
    while wanted:
        chunk = stream.read(wanted)
        if not chunk:
            return None
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def _draw_request(request: dict[str, Any]) -> bytes:
    """The chart asked for by :func:`draw_apart`'s JSON."""
    labels = ChartLabels(**{**request["labels"], "sections": tuple(request["labels"]["sections"])})
    return render_rows([(Figures(**current), Figures(**previous)) for current, previous in request["rows"]], labels)


def _serve(requests: IO[bytes], answers: IO[bytes], idle_seconds: float) -> None:
    """Draw each chart asked for, until the bot closes the pipe or nothing is asked for ``idle_seconds``."""
    while select.select([requests], [], [], idle_seconds)[0]:
        request = _read_message(requests)
        if request is None:
            return
        try:
            status, answer = _DRAWN, _draw_request(json.loads(request))
        except Exception:  # the bot shows it; this process stays for the next chart
            status, answer = _FAILED, traceback.format_exc().encode()
        answers.write(status + _LENGTH.pack(len(answer)) + answer)
        answers.flush()


if __name__ == "__main__":
    # Unbuffered: a buffer could hold the next request where ``select`` does not see it.
    with open(sys.stdin.fileno(), "rb", buffering=0, closefd=False) as requests:
        _serve(requests, sys.stdout.buffer, IDLE_SECONDS)
