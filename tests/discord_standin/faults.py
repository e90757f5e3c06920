"""Failure injection and rate limiting for the stand-in's REST side.

A :class:`Fault` makes the next ``times`` calls matching ``method`` + ``path`` answer with a chosen status,
body and headers, before the real handler runs (nothing changes on the Discord side) or after it
(``after=True``: the change is made and the client still sees the failure — a 502 after the message was
created is how Discord duplicates messages for clients that retry without a nonce).

:class:`FixedWindow` counts requests in windows of ``per`` seconds, as Discord's buckets do, and answers
the ``X-RateLimit-*`` header values discord.py reads.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_PLACEHOLDER = re.compile(r"\{[^}/]+\}|\*\*|\*")


def compile_path_pattern(pattern: str | re.Pattern[str] | None) -> re.Pattern[str]:
    """``/channels/{id}/messages`` or ``/channels/*/messages``: a placeholder or ``*`` is one path segment,
    ``**`` any rest; ``None`` matches every path; a compiled regex is used as given (full match)."""
    if pattern is None:
        return re.compile(r".*")
    if isinstance(pattern, re.Pattern):
        return pattern
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(pattern):
        parts.append(re.escape(pattern[position : match.start()]))
        parts.append(".*" if match.group() == "**" else "[^/]+")
        position = match.end()
    parts.append(re.escape(pattern[position:]))
    return re.compile("".join(parts))


@dataclass
class Fault:
    """One injected answer; ``hits`` counts how often it answered, ``remaining`` how often it still will."""

    method: str
    pattern: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    remaining: int | None
    after: bool = False
    delay: float = 0.0
    disconnect: bool = False
    hits: int = 0
    calls: list[Any] = field(default_factory=list)

    def matches(self, method: str, path: str) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return False
        return self.method in ("*", method) and bool(self.pattern.fullmatch(path))

    def consume(self, call: Any) -> None:
        self.hits += 1
        self.calls.append(call)
        if self.remaining is not None:
            self.remaining -= 1

    @property
    def exhausted(self) -> bool:
        return self.remaining is not None and self.remaining <= 0


def default_error_body(status: int) -> tuple[Any, str]:
    """What Discord (or Cloudflare in front of it) answers for a bare status: body and content type."""
    if status in (502, 503, 504, 520, 521, 522, 524):
        # Cloudflare's error pages are HTML, so discord.py sees text, not JSON.
        return f"<html><head><title>{status}</title></head><body>{status} error</body></html>", "text/html"
    if status == 500:
        return {"message": "500: Internal Server Error", "code": 0}, "application/json"
    if status == 401:
        return {"message": "401: Unauthorized", "code": 0}, "application/json"
    if status == 403:
        return {"message": "Missing Permissions", "code": 50013}, "application/json"
    if status == 404:
        return {"message": "404: Not Found", "code": 0}, "application/json"
    return {"message": f"{status}", "code": 0}, "application/json"


class FixedWindow:
    """``limit`` requests per window of ``per`` seconds; the window opens with its first request."""

    def __init__(self, limit: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.per = per
        self._clock = clock
        self._opened = -math.inf
        self._used = 0

    def _roll(self) -> None:
        now = self._clock()
        if now >= self._opened + self.per:
            self._opened = now
            self._used = 0

    def take(self) -> bool:
        """Counts one request; False when the window is already full (the caller answers 429)."""
        self._roll()
        if self._used >= self.limit:
            return False
        self._used += 1
        return True

    @property
    def remaining(self) -> int:
        self._roll()
        return max(self.limit - self._used, 0)

    @property
    def reset_after(self) -> float:
        return max(self._opened + self.per - self._clock(), 0.0)

    def headers(self, bucket: str) -> dict[str, str]:
        reset_after = self.reset_after
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }


@dataclass
class RouteLimit:
    """A per-route bucket: one window per major parameter (channel, guild or webhook), as Discord keys them."""

    method: str
    pattern: re.Pattern[str]
    limit: int
    per: float
    bucket: str
    windows: dict[str, FixedWindow] = field(default_factory=dict)

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method) and bool(self.pattern.fullmatch(path))

    def window(self, major: str, clock: Callable[[], float]) -> FixedWindow:
        if major not in self.windows:
            self.windows[major] = FixedWindow(self.limit, self.per, clock)
        return self.windows[major]


def rate_limited_body(retry_after: float, *, is_global: bool) -> dict[str, Any]:
    # discord.py retries only when this is JSON with retry_after (seconds, a float) and global.
    return {"message": "You are being rate limited.", "retry_after": float(retry_after), "global": is_global}


def rate_limited_headers(retry_after: float, *, scope: str) -> dict[str, str]:
    headers = {
        # discord.py treats a 429 without Via as a Cloudflare ban and raises instead of retrying.
        "Via": "1.1 google",
        "Retry-After": str(max(math.ceil(retry_after), 1)),
        "X-RateLimit-Scope": scope,
    }
    if scope == "global":
        headers["X-RateLimit-Global"] = "true"
    return headers
