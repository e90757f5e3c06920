"""``python -m netgroups`` does what the ``netgroups`` console script does."""

from netgroups.cli import main

raise SystemExit(main())
