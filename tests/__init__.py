"""The test suite.

Imported before any conftest, so the switch below covers every module the suite loads after it: with
PYTHONDONTWRITEBYTECODE set (as in the team's shells), each pytest worker compiled ``bot/`` and rewrote the
asserts of every test module again on each run, about 4 s of a worker's 6 s start. The compiled files go
to the usual ``__pycache__`` folders (ignored by git); Python and pytest check them against the source.
"""

import sys

sys.dont_write_bytecode = False
