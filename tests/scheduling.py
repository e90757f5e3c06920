"""The longest test files first, so that two workers finish together.

With ``--dist loadfile`` each file goes to one worker, whole, in the order xdist queues them: by default the files
with the most tests first. Those are the quick ones (hundreds of table rows); the few files of long simulations
(three months of digests, a quarter of coordinators' meetings) have two to eight tests each, came last, and one
worker ran the last of them while the other had nothing left to do.

Here the controller notes how long each test took (setup, call and teardown) in pytest's cache, and every worker
orders the files it collected by what their tests took the last time they ran (a test never timed counts
:data:`UNTIMED` seconds), the longest first, keeping the order of the tests inside each file; xdist then queues
the files in that order. The order decides only which worker runs a file when, never what a test sees: a test
that needed another file to run first would already fail now and then.
"""

from __future__ import annotations

import os
from collections import defaultdict

import pytest

#: pytest's cache key for the seconds each test took when it last ran, by node id.
CACHE_KEY = "netgroups/test-seconds"
#: What a test that was never timed is guessed to take: about the suite's average.
UNTIMED = 0.06


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config.option, "loadscopereorder") and config.pluginmanager.hasplugin("cacheprovider"):
        # The controller queues the files in the order the workers collected them (the longest first, below).
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "PYTEST_XDIST_WORKER" not in os.environ or not config.pluginmanager.hasplugin("cacheprovider"):
        return  # one process: the order does not matter
    seconds: dict[str, float] = config.cache.get(CACHE_KEY, {})
    files: dict[str, list[pytest.Item]] = defaultdict(list)
    for item in items:
        files[_file(item.nodeid)].append(item)
    cost = {name: sum(seconds.get(item.nodeid, UNTIMED) for item in tests) for name, tests in files.items()}
    # Python's sort is stable: files that cost the same keep their collected order.
    items[:] = [item for name in sorted(files, key=lambda name: -cost[name]) for item in files[name]]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """In the controller (and in a run without workers): add up each test's phases."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        return
    _timings[report.nodeid] = _timings.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if "PYTEST_XDIST_WORKER" in os.environ or not config.pluginmanager.hasplugin("cacheprovider") or not _timings:
        return
    seconds: dict[str, float] = config.cache.get(CACHE_KEY, {})
    seconds.update({nodeid: round(taken, 3) for nodeid, taken in _timings.items()})
    # Tests of files that are gone are forgotten.
    kept = {nodeid: taken for nodeid, taken in seconds.items() if (config.rootpath / _file(nodeid)).is_file()}
    config.cache.set(CACHE_KEY, kept)


def _file(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


#: Seconds per test of this run, in the controller.
_timings: dict[str, float] = {}
