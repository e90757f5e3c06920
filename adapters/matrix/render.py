"""Neutral replies as Matrix message content: plain ``body`` and escaped HTML ``formatted_body``.

Every piece of text is HTML-escaped, so ``<img src=x>`` or Markdown a member typed is shown as
typed, and ``"m.mentions": {}`` tells clients that nobody is mentioned on purpose (so ``@room``
in user text pings nobody).
"""

from __future__ import annotations

import html
from typing import Any

from bot.i18n import Translator
from bot.replies import Msg, Reply, Tone

MARKER_KEY = "org.netgroups.marker"
#: The reactions the bot puts under a post (a meeting call's answers), named in the post itself.
SEEDS_KEY = "org.netgroups.reactions"
_MARK = {Tone.SUCCESS: "✔ ", Tone.ERROR: "✖ ", Tone.INFO: ""}


def _text(translator: Translator, locale: str, line: Msg, prefix: str) -> str:
    return translator.format(locale, line.key, {"prefix": prefix, **line.args})


def notice(
    translator: Translator, locale: str, content: Reply, *, prefix: str = "!", marker: str = ""
) -> dict[str, Any]:
    """An ``m.notice`` for a reply or a post; the marker lets a lost send be found again."""
    title = _text(translator, locale, content.title, prefix) if content.title else None
    lines = [_text(translator, locale, line, prefix) for line in content.lines]
    if lines:
        lines[0] = _MARK[content.tone] + lines[0]
    body = "\n".join(([title] if title else []) + lines)
    parts = ([f"<strong>{html.escape(title)}</strong>"] if title else []) + [
        html.escape(line).replace("\n", "<br/>") for line in lines
    ]
    message: dict[str, Any] = {
        "msgtype": "m.notice",
        "body": body,
        "format": "org.matrix.custom.html",
        "formatted_body": "<br/>".join(parts),
        "m.mentions": {},
    }
    if marker:
        message[MARKER_KEY] = marker
    return message


def replacement(original_event: str, new_content: dict[str, Any]) -> dict[str, Any]:
    """An edit (``m.replace``) of an earlier message, shown by clients in its place."""
    return {
        "msgtype": new_content["msgtype"],
        "body": "* " + new_content["body"],
        "format": new_content["format"],
        "formatted_body": "* " + new_content["formatted_body"],
        "m.mentions": {},
        "m.new_content": new_content,
        "m.relates_to": {"rel_type": "m.replace", "event_id": original_event},
    }
