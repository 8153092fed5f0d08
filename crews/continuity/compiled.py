"""Queries built and compiled once, run with fresh values: for the station pages, whose queries (the careers'
pairing of legs, the range conditions) cost Django far more to build and compile than the database to run.

`CompiledQuery(build)` calls `build(shape, values)` (a `values_list` query) once per database vendor and shape, with
stand-in values it can recognise among the compiled query's parameters; each run puts the real values in their
places and reads the rows with a cursor. Only plain columns and expressions whose types the database driver
returns as they are (ints, strings, dates, times, numbers) should be read this way.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

#: Stand-ins: dates in the year 1001, negative ids, text that says so. Nothing in the record looks like them.
_FIRST_STAND_IN_DAY = dt.date(1001, 1, 1)


def _stand_in(index: int, value):
    if isinstance(value, dt.date):
        return _FIRST_STAND_IN_DAY + dt.timedelta(days=index)
    if isinstance(value, int) and not isinstance(value, bool):
        return -(900_001 + index)
    if isinstance(value, str):
        return f"stand-in-{index}-for-a-compiled-query"
    raise TypeError(f"no stand-in for {type(value).__name__}")


def _adapted(value):
    """A value as Django passes it to the driver (a date is text on SQLite)."""
    return connection.ops.adapt_datefield_value(value) if isinstance(value, dt.date) else value


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list
    #: Where each value goes among the parameters: (position, name).
    places: list[tuple[int, str]]
    #: (column, (converters, expression)), as `SQLCompiler.get_converters` gives them.
    converters: list

    def convert(self, row: tuple) -> tuple:
        row = list(row)
        for position, (functions, expression) in self.converters:
            for function in functions:
                row[position] = function(row[position], expression, connection)
        return tuple(row)


class CompiledQuery:
    def __init__(self, build: Callable[[Hashable, Mapping[str, object]], QuerySet]):
        self.build = build
        self._compiled: dict[Hashable, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, shape: Hashable, values: Mapping[str, object]) -> _Compiled:
        stand_ins = {key: _stand_in(i, value) for i, (key, value) in enumerate(sorted(values.items()))}
        compiler = self.build(shape, stand_ins).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        if any(str(v) in sql for v in stand_ins.values()):  # a value compiled into the text: never run that
            raise ValueError(f"a value of {sorted(values)} is in the compiled query's text, not a parameter")
        named = {_adapted(v): key for key, v in stand_ins.items()}
        places = [
            (i, named[p]) for i, p in enumerate(params) if isinstance(p, int | str | dt.date) and p in named
        ]
        # What Django does to the rows it reads (a date read from an expression on SQLite is text).
        converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
        return _Compiled(sql, list(params), places, list(converters.items()))

    def rows(self, shape: Hashable, values: Mapping[str, object]) -> list[tuple]:
        """The rows of the query of this `shape` (what `build` does differently with the same values' names)
        with `values`."""
        key = (connection.vendor, shape, tuple(sorted(values)))
        if key not in self._compiled:
            with self._lock:
                if key not in self._compiled:
                    self._compiled[key] = self._compile(shape, values)
        compiled = self._compiled[key]
        sql, params = compiled.sql, list(compiled.params)
        for i, name in compiled.places:
            params[i] = _adapted(values[name])
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # For this statement only (in one message, SET LOCAL lasts until it is done): the careers'
                # subqueries make PostgreSQL's cost estimate high enough to compile the query to machine code
                # (`careers.reading_careers`), which takes far longer than running it; and with the default cost of
                # a random read (4, for spinning disks) it reads whole tables to join a few dozen rows by id, which
                # makes the query grow with the record. The rows these read are few and in memory.
                cursor.execute(f"SET LOCAL jit = off; SET LOCAL random_page_cost = 1.1; {sql}", params)
                cursor.nextset()
                cursor.nextset()
            else:
                cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return rows
        return [compiled.convert(row) for row in rows]
