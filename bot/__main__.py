"""``python -m bot`` does what the ``netgroups`` console script does."""

from bot.cli import main

raise SystemExit(main())
