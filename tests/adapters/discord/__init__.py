"""The Discord adapter: real discord.py against the Discord stand-in."""
