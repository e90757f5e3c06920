"""Plain-text rendering of neutral replies: one block per post, headed by channel and message id."""

from __future__ import annotations

from bot.i18n import Translator
from bot.replies import Msg, Reply, Tone

_MARK = {Tone.SUCCESS: "✔ ", Tone.ERROR: "✖ ", Tone.INFO: ""}


def render_block(translator: Translator, locale: str, header: str, content: Reply, *, prefix: str = "/") -> str:
    def text_of(line: Msg) -> str:
        # Catalog lines that show a command use the reader's platform prefix.
        return translator.format(locale, line.key, {"prefix": prefix, **line.args})

    lines = [header]
    if content.title is not None:
        lines.append("  " + text_of(content.title))
    for index, line in enumerate(content.lines):
        text = text_of(line)
        mark = _MARK[content.tone] if index == 0 else ""
        indent = "    " if content.title is not None else "  "
        lines.extend(indent + (mark if n == 0 else "") + part for n, part in enumerate(text.splitlines() or [""]))
    return "\n".join(lines)
