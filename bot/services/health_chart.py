"""The health report's chart: a PNG drawn in the core with matplotlib's Agg backend.

matplotlib is imported here, when a chart is drawn, never at start-up: importing it costs about half a second.
The bot draws in a process of its own (:func:`draw_apart`): drawing a community's hundred sections holds the GIL for
seconds, and in a thread of the bot's every timer and command would wait on it (the event loop was seen 165 ms
late). The drawing is deterministic: a fixed size, matplotlib's own DejaVu fonts (nothing downloaded), no timestamp
or software name in the file, so the same figures give the same bytes.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from io import BytesIO
from typing import Any

from bot.domain.health import Figures

#: The chart's size in pixels: WIDTH × HEIGHT at DPI.
WIDTH, HEIGHT, DPI = 960, 640, 100
_NAME_CHARS = 18
_BEFORE, _NOW = "#b8c4d6", "#2f6db5"


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
    """:func:`render_rows` in a Python process of its own (``python -m bot.services.health_chart``): the figures go
    in as JSON on its standard input, the PNG comes back on its standard output."""
    request = {
        "labels": asdict(labels),
        "rows": [[asdict(current), asdict(previous)] for current, previous in rows_of_figures],
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        __name__,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    png, problem = await process.communicate(json.dumps(request).encode())
    if process.returncode != 0:
        raise RuntimeError(f"drawing the health chart failed ({process.returncode}): {problem.decode()[-2000:]}")
    return png


def _draw_request(request: dict[str, Any]) -> bytes:
    """The chart asked for by :func:`draw_apart`'s JSON."""
    labels = ChartLabels(**{**request["labels"], "sections": tuple(request["labels"]["sections"])})
    return render_rows([(Figures(**current), Figures(**previous)) for current, previous in request["rows"]], labels)


if __name__ == "__main__":
    sys.stdout.buffer.write(_draw_request(json.load(sys.stdin)))
