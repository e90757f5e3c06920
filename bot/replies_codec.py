"""Neutral replies to JSON and back, for posts queued in the outbox before they are rendered."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from bot.replies import Msg, Reply, Tone, msg


def _encode_value(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"$msg": _encode_msg(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "$msg" in value:
            return _decode_msg(value["$msg"])
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    return value


def _encode_msg(line: Msg) -> dict[str, Any]:
    return {"key": line.key, "args": {name: _encode_value(value) for name, value in line.args.items()}}


def _decode_msg(data: dict[str, Any]) -> Msg:
    return msg(data["key"], **{name: _decode_value(value) for name, value in data["args"].items()})


def encode_reply(content: Reply) -> str:
    return json.dumps(
        {
            "title": _encode_msg(content.title) if content.title else None,
            "lines": [_encode_msg(line) for line in content.lines],
            "tone": content.tone.value,
            "private": content.private,
        },
        ensure_ascii=False,
    )


def decode_reply(text: str) -> Reply:
    data = json.loads(text)
    return Reply(
        lines=tuple(_decode_msg(line) for line in data["lines"]),
        title=_decode_msg(data["title"]) if data["title"] else None,
        tone=Tone(data["tone"]),
        private=data["private"],
    )
