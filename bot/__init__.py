"""netgroups: the platform-neutral core of a bot that runs professional networking groups."""
