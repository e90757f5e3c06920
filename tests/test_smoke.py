"""The console answers a first command."""

from tests.console_driver import ConsoleDriver


async def test_help_lists_section_join(console: ConsoleDriver) -> None:
    """A newcomer typing /help sees how to join a section."""
    out = await console.say(":as Anna\n/help")
    assert "/section join <section>" in out
