"""Reads of a fixed shape, their SQL written by the ORM once per database, then run with each call's keys.

A page that reads the same few things on every request (one mission's roster: its seats, the seats around
them, their history) pays the ORM on every request for building each QuerySet and compiling it to SQL: 0.3
to 2 ms of Python per query, several times what the database takes to answer, and the same SQL each time but
for an id or a slug. `Prepared` builds the QuerySet once per database with stand-in keys, keeps its SQL and
how Django turns rows into objects, and on each call runs that SQL with the real keys: what comes back is what
`list(build(*keys))` gives (model instances with what `select_related` joins in and their annotations), but
that a row joined in is one object however many rows of the read bring it (`_populate`).

On PostgreSQL the statement itself is prepared, once per connection (`PREPARE`, in the same message as its first
`EXECUTE`): the database then plans it once rather than on every call (planning the roster's five reads took 2 ms
a page, four times what running them took). Not where `DISABLE_SERVER_SIDE_CURSORS` is set: Django's setting for a
pooler that hands each transaction a different connection (PgBouncer's transaction mode), where a statement
prepared on one connection is not there on the next.

A key may only stand for one value (`pk=key`, `slug=key`), never for a list (`pk__in=keys` writes one
placeholder per item); slicing writes numbers into the SQL, so a build does not slice with a key. Both are
checked when the SQL is written.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

#: Stand-ins for the keys while the SQL is written: values no real key has (ids are positive, far below
#: this; slugs are letters, digits and hyphens).
_STAND_INS = itertools.count(1)
_STAND_IN_SIZE = 10**15
#: Each PREPARE gets a name never used before in this process: a PREPARE in a message that then failed may have been
#: kept by the database (a prepared statement outlives a rollback), and a new name cannot collide with it.
_STATEMENT_NUMBERS = itertools.count(1)
#: A placeholder of Django's SQL (`%s`), or a percent sign written for psycopg (`%%`, kept as it is).
_PLACEHOLDER = re.compile(r"%[s%]")
#: What `by_index` and `generic` set for the statement (see `Prepared`).
_BY_INDEX = "SET LOCAL random_page_cost = 1.1; SET LOCAL enable_hashjoin = off; SET LOCAL jit = off; "
_GENERIC = "SET LOCAL plan_cache_mode = force_generic_plan; "


def _stand_in(kind: type) -> int | str:
    number = next(_STAND_INS)
    return -_STAND_IN_SIZE - number if kind is int else f"\x00prepared-key-{number}\x00"


@dataclass(frozen=True)
class _Plan:
    """The SQL of one database, where each key goes in its parameters, and how rows become objects."""

    sql: str
    params: tuple
    head: str  # planner settings run before the statement in the same message (`by_index`, `generic`)
    prepare: str | None  # on PostgreSQL, the statement with numbered parameters ($1 …) for PREPARE
    slots: tuple[tuple[int, int, type], ...]  # (parameter position, key position, its type)
    model: type[Model]
    init_list: tuple[str, ...]
    start: int
    end: int
    populators: tuple
    annotations: tuple[tuple[str, int], ...]
    converters: tuple[tuple[int, tuple, object], ...]


class Prepared:
    """`build(*keys)` → a QuerySet of model instances; calling `Prepared(build, int)(5)` gives `list(build(5))`.

    `kinds` are the keys' types (int or str), in order; `using` the database.

    `by_index`: the read joins a few rows by key and those rows are in memory, so on PostgreSQL it is planned
    with a random read costed nearly as a sequential one (`random_page_cost` 1.1 instead of 4, the cost for
    spinning disks) and without hash joins, for this statement only (`SET LOCAL` in the same message, which runs
    as one transaction). Otherwise PostgreSQL's estimate of a few dozen rows is enough for it to read whole tables
    of people, missions or agreements to join them by hash (2 ms of the roster page at 100× the demo for people
    and missions, 0.2 ms for agreements, growing with the record until the tables are big enough for it to
    change its mind) rather than fetch each by its primary key. Without JIT compilation too: a few rows read
    by key never repay it, and a generic plan's cost estimate (the careers' subqueries) can pass
    `jit_above_cost` (see `careers.reading_careers`). Inside a transaction the settings last until the
    transaction ends.

    `generic`: the read's best plan is the same whatever the key (one mission's history, by an index), so the
    prepared statement keeps the plan made once (`plan_cache_mode = force_generic_plan`, for this statement
    only) rather than PostgreSQL planning it again for each key, as it chose to for the seats' history (0.35 ms
    of planning to run it in 0.1 ms).
    """

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *kinds: type,
        using: str = DEFAULT_DB_ALIAS,
        by_index: bool = False,
        generic: bool = False,
    ) -> None:
        self.build = build
        self.kinds = kinds
        self.using = using
        self.by_index = by_index
        self.generic = generic
        self._plans: dict[str, _Plan] = {}
        #: A database connection (psycopg's) → the name of this read's statement prepared on it.
        self._statements: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __call__(self, *keys) -> list:
        alias = self.using
        plan = self._plans.get(alias)
        if plan is None:
            plan = self._plans[alias] = self._plan(alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            if plan.prepare is None:
                params = list(plan.params)
                for position, key, wrap in plan.slots:
                    params[position] = wrap(keys[key])
                cursor.execute(plan.head + plan.sql, params)
                results = 1 + plan.head.count(";")
            else:
                results = self._execute_prepared(connection, cursor, plan, keys)
            for _ in range(results - 1):  # past the PREPARE and the SET: the rows are the last result
                cursor.nextset()
            rows = cursor.fetchall()
        joined: dict[tuple, Model] = {}
        return [self._object(plan, row, alias, connection, joined) for row in rows]

    def _execute_prepared(self, connection, cursor, plan: _Plan, keys: tuple) -> int:
        """EXECUTE this read's statement with the keys, prepared on this connection first if it is not yet; how
        many results the message has."""
        execute = f"EXECUTE {{}}({', '.join(['%s'] * len(keys))})"
        raw = connection.connection
        name = self._statements.get(raw)
        if name is None:
            name = f"seatswap_read_{next(_STATEMENT_NUMBERS)}"
            sql, results = f"PREPARE {name} {plan.prepare}; {plan.head}{execute.format(name)}", 2
        else:
            sql, results = plan.head + execute.format(name), 1
        cursor.execute(
            sql, [str(key) if kind is str else int(key) for kind, key in zip(self.kinds, keys, strict=True)]
        )
        self._statements[raw] = name
        return results + plan.head.count(";")

    def _plan(self, alias: str) -> _Plan:
        stand_ins = [_stand_in(kind) for kind in self.kinds]
        queryset = self.build(*stand_ins)
        if (
            queryset._iterable_class is not ModelIterable
            or queryset._prefetch_related_lookups
            or queryset._known_related_objects
        ):
            raise TypeError("Prepared reads model instances (no values(), no prefetch_related())")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        # A parameter may come wrapped for the database (psycopg's Int8 for a big integer): the key is wrapped
        # the same way when it goes in.
        slots = tuple(
            (position, stand_ins.index(value), type(value))
            for position, value in enumerate(params)
            if isinstance(value, int | str) and not isinstance(value, bool) and value in stand_ins
        )
        taken = {position for position, _, _ in slots}
        derived = [  # a value made from a key (`pk + 1`, `slug__startswith`) would be kept as it was made now
            value
            for position, value in enumerate(params)
            if position not in taken
            and (
                (isinstance(value, int) and abs(value) >= _STAND_IN_SIZE)
                or (isinstance(value, str) and any(str(s) in value for s in stand_ins))
            )
        ]
        if (
            {key for _, key, _ in slots} != set(range(len(stand_ins)))
            or derived
            or any(str(s) in sql for s in stand_ins)
        ):
            raise ValueError("each key must stand for one value of a parameter (no lists, no slices)")
        select, klass_info = compiler.select, compiler.klass_info
        fields = [column for column, _sql, _alias in select[: compiler.col_count]]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        connection = connections[alias]
        postgresql = connection.vendor == "postgresql"
        prepare = (
            self._prepare_sql(connection, sql, params, slots)
            if postgresql and not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
            else None
        )
        return _Plan(
            sql=sql,
            params=tuple(params),
            head=(_BY_INDEX if self.by_index and postgresql else "")
            + (_GENERIC if self.generic and prepare is not None else ""),
            prepare=prepare,
            slots=slots,
            model=klass_info["model"],
            init_list=tuple(column[0].target.attname for column in select[start:end]),
            start=start,
            end=end,
            populators=tuple(get_related_populators(klass_info, select, alias)),
            annotations=tuple(compiler.annotation_col_map.items()),
            converters=tuple(
                (position, tuple(convs), expression)
                for position, (convs, expression) in compiler.get_converters(fields).items()
            ),
        )

    def _prepare_sql(self, connection, sql: str, params: list, slots: tuple) -> str:
        """What follows `PREPARE name`: the keys' types (bigint, text), and the statement with the keys as $1, $2 …
        and every other parameter written in as the client-side binding writes it (a constant keeps the type it
        has now: a `1` in a sum stays an integer)."""
        keys = {position: key for position, key, _ in slots}
        parts = iter(_PLACEHOLDER.split(sql))
        text, position = [next(parts)], 0
        for placeholder, part in zip(_PLACEHOLDER.findall(sql), parts, strict=True):
            if placeholder == "%%":
                text.append("%%")
            else:
                if position in keys:
                    text.append(f"${keys[position] + 1}")
                else:
                    text.append(connection.ops.compose_sql("%s", [params[position]]).replace("%", "%%"))
                position += 1
            text.append(part)
        types = ", ".join("text" if kind is str else "bigint" for kind in self.kinds)
        return f"({types}) AS {''.join(text)}"

    @staticmethod
    def _object(plan: _Plan, row: tuple, alias: str, connection, joined: dict) -> Model:
        if plan.converters:
            row = list(row)
            for position, convs, expression in plan.converters:
                value = row[position]
                for convert in convs:
                    value = convert(value, expression, connection)
                row[position] = value
        obj = plan.model.from_db(alias, plan.init_list, row[plan.start : plan.end])
        for populator in plan.populators:
            _populate(populator, row, obj, joined)
        for name, position in plan.annotations:
            setattr(obj, name, row[position])
        return obj


def _populate(populator, row, from_obj: Model, joined: dict) -> None:
    """`RelatedPopulator.populate`, but a row joined in that an earlier row of the same read already brought
    is that row's object, not a copy: a roster's fourteen seats have ten missions, not fourteen. (Its own joins
    are set once for each way it is reached: a way that joined less may have brought it first.)"""
    if populator.reorder_for_init:
        data = populator.reorder_for_init(row)
        pk = data[populator.pk_idx]
    else:
        data, pk = None, row[populator.cols_start + populator.pk_idx]
    if pk is None:
        obj = None
    else:
        obj = joined.get((populator.model_cls, pk))
        if obj is None:
            if data is None:
                data = row[populator.cols_start : populator.cols_end]
            obj = joined[populator.model_cls, pk] = populator.model_cls.from_db(
                populator.db, populator.init_list, data
            )
        if (populator, pk) not in joined:
            joined[populator, pk] = obj
            for child in populator.related_populators:
                _populate(child, row, obj, joined)
    populator.local_setter(from_obj, obj)
    if obj is not None:
        populator.remote_setter(obj, from_obj)


class ByIds:
    """The objects with these ids (any order, one deleted meanwhile left out), read `at_once` ids at a time by
    SQL written once: `Prepared(build, int, int, …)`, with the placeholders left over standing for nothing (no
    id is 0). For a list page's rows: compiling their read (its joins, its annotations) cost more than the
    database's answer. `options` are `Prepared`'s (`by_index`, `generic`)."""

    def __init__(self, build: Callable[..., QuerySet], at_once: int = 25, **options) -> None:
        self.at_once = at_once
        self.read = Prepared(build, *([int] * at_once), **options)

    def __call__(self, keys) -> list:
        keys = list(keys)
        found: list = []
        for start in range(0, len(keys), self.at_once):
            chunk = keys[start : start + self.at_once]
            found += self.read(*chunk, *([0] * (self.at_once - len(chunk))))
        return found
