"""The Discord adapter: app commands generated from the registry, embeds, reactions as RSVPs."""
