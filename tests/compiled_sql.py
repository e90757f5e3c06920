"""One cache of compiled SQL for every database engine a test process makes.

SQLAlchemy keeps the statements it has compiled per engine, keyed by the engine's dialect object. The bot makes
one engine a process and compiles each statement once; the tests make one (or more) a test, a thousand a run, so
each test compiled every statement it ran again: about a seventh of the suite's CPU. Here every engine of the
process uses one cache, keyed by what decides the SQL instead of by the dialect object: the dialect's class, the
server's version and the parameter style. The engines here are all made alike (``Database.open``), so a statement
compiled for one is the statement another would compile.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

#: Far more than the suite's distinct statements; past it the cache starts again rather than grow without end.
_MOST = 20_000


class SharedCompiledCache(dict[tuple[Any, ...], Any]):
    """The ``compiled_cache`` execution option's mapping, shared by engines that compile alike."""

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        return super().get(_alike(key), default)

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        if len(self) >= _MOST:
            self.clear()
        super().__setitem__(_alike(key), value)


def _alike(key: tuple[Any, ...]) -> tuple[Any, ...]:
    dialect, *rest = key
    return (type(dialect), dialect.server_version_info, dialect.paramstyle, *rest)


def share_compiled_sql() -> SharedCompiledCache:
    """From now on every connection of every engine in this process compiles into one shared cache."""
    cache = SharedCompiledCache()

    def _use_shared(connection: Connection) -> None:
        connection.execution_options(compiled_cache=cache)

    event.listen(Engine, "engine_connect", _use_shared)
    return cache
