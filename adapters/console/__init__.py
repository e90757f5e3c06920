"""The console adapter: try the bot in a terminal, or script it through standard input."""

from adapters.console.app import ConsoleApp

__all__ = ["ConsoleApp"]
