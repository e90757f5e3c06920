"""Command handlers, one module per group; :func:`build_registry` collects them."""

from bot.commands.handlers import (
    agenda,
    calendar,
    continuity,
    digest,
    directory,
    guide,
    handover,
    health,
    meetings,
    memos,
    mydata,
    profiles,
    sections,
)
from bot.commands.registry import CommandRegistry


def build_registry() -> CommandRegistry:
    registry = CommandRegistry()
    for module in (
        guide,
        sections,
        handover,
        continuity,
        profiles,
        directory,
        meetings,
        agenda,
        memos,
        mydata,
        calendar,
        health,
        digest,
    ):
        module.register(registry)
    return registry
