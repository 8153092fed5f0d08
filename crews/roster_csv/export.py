"""Roster CSV export: the import's columns plus `cross_agency`, with a fixed number of queries, sent whole.

UTF-8 with a byte-order mark (spreadsheets then read any script), RFC 4180 quoting,
CRLF line ends, formula-looking cells escaped (see `cells`).

The rows are written from values, not model objects (building a seat, its mission, spacecraft, operator, person,
agency and agreement for every row took two thirds of the export's time): the missions in one query and their
seats in another, both in roster order and read in chunks, so that a launch's twelve cells are read and written
once for all its rows. `EXPORT_READS` (from the columns' declarations) says what is read.

On PostgreSQL the database writes the text (`copy_statement`): each column's cell as its `cell` declares it in
SQL (`columns.in_sql`), each launch's cells and each seat's joined and, only where one may need it, escaped and
quoted, a launch's lines joined into one row; read with `COPY … TO STDOUT (FORMAT binary)` (`_copy_roster`), one
statement streamed in one round trip, its text written as it comes. `prof.py export` here, medians at 100× (7,878
lines): two queries read with server-side cursors, 0.43–0.45 of COPY's rows/s of the seats' values (the bench's
measure); one COPY of a row per seat, 0.50–0.63 (the driver's work is per row; and a launch's cells are
written for each of its seats when the launches' subquery is merged into the join, which numbering the launches
prevents); a row per launch, 0.54–0.70 (at 1000×, 0.75–0.81). SQLite, and `csv_line` for any other table, keep
the Python way, which `crews/tests/test_export_sql.py` holds the database's to, byte for byte.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, transaction
from django.db.models import Expression, F, QuerySet, TextField, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse

from ..models import SEAT_ORDER, SeatAssignment
from .cells import FORMULA_TRIGGERS, escape_cell, escape_cell_sql, risky_sql, sql_chars
from .columns import (
    _ROLE_WORDS,
    ANY_TEXT,
    EXPORT_COLUMNS,
    EXPORT_JOINS,
    MISSION,
    ROSTER_COLUMNS,
    _date_cell,
    _decimal_cell,
    _differ,
    _number_cell,
    may_be_null,
    role_to_csv,
    sql_literal,
    text_cell,
)

BOM = "\ufeff"
#: A CSV export is spooled in memory up to this size, then in a temporary file: the memory an export takes stays
#: the same from a small record to the whole one (`make bench` measures it). With 256 KiB, the all-launches export
#: held 412 KiB at its peak (tracemalloc) for the demo ten times over, whose file (0.2 MB) stayed in memory, and
#: about 700 KiB from a hundred times over (the spool, and its copy when it goes to a file); with 64 KiB, and
#: `COPY_LAUNCHES`, 231 to 235 KiB at every size. A launch's CSV (a few kB) never leaves memory.
SPOOL_IN_MEMORY = 64 * 1024
#: Seats read from the database at a time (a server-side cursor on PostgreSQL), and lines written at a time; and
#: launches read at a time (a launch has about six seats, and a row of it is twice as wide). With 2,000 of each and
#: a spool of 1 MiB, an export of the whole record held 5.3 MiB at its peak (tracemalloc), 4.5 times what one of
#: the demo ten times over held, all of it these chunks and the spool (and its copy when it went to a file); with
#: these, 1.2 MiB, and about 1 MiB for the small one.
CHUNK = 500
LAUNCH_CHUNK = 100
#: Launches written at a time when the database writes their lines (`_copy_roster`): each all its seats' lines,
#: about 1.2 kB.
COPY_LAUNCHES = 25
#: The planner's setting the database's lines are written without (`_copy_roster`): no parallel plan.
_PARALLEL = "max_parallel_workers_per_gather"


def _launch_order(prefix: str = "") -> tuple:
    """Launches in time order (as `in_roster_order`), their id deciding between launches alike in all else."""
    return (
        f"{prefix}launch_date",
        F(f"{prefix}launch_time").asc(nulls_first=True),
        f"{prefix}name",
        f"{prefix}id",
    )


def export_queryset(seats=None):
    """Seats with everything a row needs joined in (each column says what it needs), in roster order: one query.
    For reading a few rows as model objects (`Column.export`); the export itself reads values."""
    seats = SeatAssignment.objects.all() if seats is None else seats
    return seats.select_related(*EXPORT_JOINS).in_roster_order()


# --- what is read ----------------------------------------------------------------------------------------

_MISSION_PREFIX = "mission__"
#: The launch's cells come first in a row, and are written once per launch.
_LAUNCH_COLUMNS = [c for c in ROSTER_COLUMNS if c.of == MISSION]
_ROW_COLUMNS = ROSTER_COLUMNS[len(_LAUNCH_COLUMNS) :]
if any(c.of != MISSION or not all(p.startswith(_MISSION_PREFIX) for p in c.reads) for c in _LAUNCH_COLUMNS):
    raise ImproperlyConfigured("the roster's mission columns come first, and read only the mission")
#: What is read of each mission (its id first), and of each seat (its mission's id first).
MISSION_READS = ("id", *dict.fromkeys(p.removeprefix(_MISSION_PREFIX) for c in ROSTER_COLUMNS for p in c.reads
                                       if p.startswith(_MISSION_PREFIX)))  # fmt: skip
SEAT_READS = ("mission_id", *dict.fromkeys(p for c in _ROW_COLUMNS for p in c.reads
                                           if not p.startswith(_MISSION_PREFIX)))  # fmt: skip


#: Cells written in place rather than by calling the column's `cell` (each a Python call per row otherwise): the
#: same text, as an expression of the values ({0}, {1} … in the column's `reads` order).
_IN_PLACE = {
    text_cell: '"" if {0} is None else {0}',
    _number_cell: '"" if {0} is None else str({0})',
    _decimal_cell: '"" if {0} is None else format({0}.normalize(), "f")',
    _date_cell: '"" if {0} is None else {0}.isoformat()',
    role_to_csv: "_ROLE_WORDS.get({0}) or role_to_csv({0})",
    _differ: '"yes" if {0} != {1} else "no"',
}


def _cell_expressions(columns, seat_reads: tuple, mission_reads: tuple) -> tuple[list[str], dict]:
    """Each column's cell as a Python expression of `s` (a seat's values) and `m` (its mission's), written in place
    (`_IN_PLACE`) or as a call of the column's `cell` (named in the namespace returned)."""
    namespace: dict = {"_ROLE_WORDS": _ROLE_WORDS, "role_to_csv": role_to_csv}
    cells = []
    for n, column in enumerate(columns):
        at = [
            f"m[{mission_reads.index(p.removeprefix(_MISSION_PREFIX))}]"
            if p.startswith(_MISSION_PREFIX)
            else f"s[{seat_reads.index(p)}]"
            for p in column.reads
        ]
        if column.cell in _IN_PLACE:
            cells.append(f"({_IN_PLACE[column.cell].format(*at)})")
        else:
            namespace[f"cell_{n}"] = column.cell
            cells.append(f"cell_{n}({', '.join(at)})")
    return cells, namespace


def _written(source: str, namespace: dict) -> Callable:
    exec(compile(source, "<roster_csv.export: written from the columns>", "exec"), namespace)
    return namespace["written"]


def _cells_writer(columns, seat_reads: tuple, mission_reads: tuple) -> Callable[[tuple, tuple], list[str]]:
    """A function writing these columns' cells from a seat's values and its mission's (two tuples).

    Written once from the declarations, as `collections.namedtuple` writes its classes: each column's cell
    written in place or its `cell` called directly on its values. (A function per column, or a loop over the
    columns, cost more than the rest of the export put together: 80,000 rows make 800,000 cells.)
    """
    cells, namespace = _cell_expressions(columns, seat_reads, mission_reads)
    return _written(f"def written(s, m):\n    return [{', '.join(cells)}]\n", namespace)


def _line_writer(columns, seat_reads: tuple, mission_reads: tuple) -> Callable[[tuple, tuple, str], str]:
    """A function writing a seat's line: `prefix` (its launch's cells and a comma), then these columns' cells as
    `csv_line` writes them, then CRLF. `csv_line`'s common case (nothing to escape or quote: the cells only
    joined) written into the same function as the cells, as one call per row costs less than three."""
    if len(columns) < 2:
        raise ImproperlyConfigured("a seat's line has more than one column")
    cells, namespace = _cell_expressions(columns, seat_reads, mission_reads)
    namespace.update(risky_first=_RISKY_FIRST, risky_after_comma=_RISKY_AFTER_COMMA.search, escaped=_escaped)
    source = f"""def written(s, m, prefix):
    cells = [{", ".join(cells)}]
    line = ",".join(cells)
    if (
        line.count(",") != {len(columns) - 1}
        or '"' in line
        or "\\n" in line
        or "\\r" in line
        or line[:1] in risky_first
        or risky_after_comma(line) is not None
    ):
        line = escaped(cells)
    return f"{{prefix}}{{line}}\\r\\n"
"""
    return _written(source, namespace)


def _seats_of(missions: QuerySet) -> QuerySet:
    """The seats of `missions` (a Mission queryset; all of them without asking which missions are chosen), in
    roster order: their missions' order (`_launch_order`), then the roster's."""
    seats = SeatAssignment.objects.all()
    if missions.query.has_filters():
        seats = seats.filter(mission__in=missions.values("pk"))
    return seats.order_by(
        *_launch_order("mission__"), "leg", *SEAT_ORDER, "pk"
    )  # (two alike: the first entered)


def export_queries(missions: QuerySet) -> tuple[QuerySet, QuerySet]:
    """The missions of `missions` (a Mission queryset) and their seats, as values, in the same order of
    launches."""
    return missions.order_by(*_launch_order()).values_list(*MISSION_READS), _seats_of(missions).values_list(
        *SEAT_READS
    )


# --- written by the database (PostgreSQL) --------------------------------------------------------------------


class _Written(Expression):
    """Text the database writes from lookups: `template` with {0}, {1} … the lookups' columns (joined in as
    any `F` is: outer joins through a reference that may be empty)."""

    output_field = TextField()

    def __init__(self, template: str, *lookups: str):
        super().__init__()
        self.template, self.lookups = template, [F(lookup) for lookup in lookups]

    def get_source_expressions(self):
        return self.lookups

    def set_source_expressions(self, exprs):
        self.lookups = list(exprs)

    def as_sql(self, compiler, connection):
        columns = []
        for lookup in self.lookups:
            sql, params = compiler.compile(lookup)
            if params:
                raise ImproperlyConfigured(f"{lookup} is not a column")
            columns.append(sql)
        return self.template.format(*columns), ()


def _quoted_sql(cell: str) -> str:
    """`_csv_field` as a PostgreSQL expression of `cell` (text, written once: it may be long): its quotes
    doubled, then the whole in quotes when it holds one of `_QUOTE_IF` (`.` is any character, line breaks too)."""
    return f"""regexp_replace(replace({cell}, '"', '""'), '^(.*[{sql_chars(_QUOTE_IF)}].*)$', '"\\1"')"""


def cell_sql(column, at: list[str]) -> str:
    """A column's cell as its `in_sql` declares it, of the SQL its reads are `at`."""
    cell = column.cell.sql.format(*at)
    if column.cell.or_empty and any(may_be_null(path) for path in column.reads):
        cell = f"coalesce({cell}, '')"
    return f"({cell})"


def sql_line(columns, prefix: str = "", end: str = "") -> _Written:
    """These columns' cells written, escaped and quoted as `csv_line` writes them, by the database: one
    expression of the lookups they read (with `prefix` removed: a mission's reads are its seats' without
    `mission__`), then `end`. Each cell as its column's `cell` declares it (`in_sql`); NULL where a cell is
    (the export stops).

    As in `csv_line`, most lines need neither escaping nor quoting: the cells are only joined, unless one of
    them may need it (`risky_sql`, or the column's own `risky_when`), and then each is escaped and quoted.
    (Each cell escaped and quoted in every line took the database 110 ms for the 7,878 lines of 100×; written
    so, the lines add about 8 ms to the query of their values, and that check is about half of it: 77 of the
    137 ms the lines add at 1000×.)
    """
    lookups = list(dict.fromkeys(path.removeprefix(prefix) for c in columns for path in c.reads))
    cells, checked, conditions = [], [], []
    for column in columns:
        if getattr(column.cell, "sql", None) is None:
            raise ImproperlyConfigured(f"the column {column.name} has no cell in SQL (`in_sql`)")
        at = ["{" + str(lookups.index(path.removeprefix(prefix))) + "}" for path in column.reads]
        cell = cell_sql(column, at)
        cells.append(cell)
        if column.cell.risky_when == ANY_TEXT:
            checked.append(cell)
        elif column.cell.risky_when is not None:
            conditions.append("(" + column.cell.risky_when.format(*at) + ")")
    plain = " || ',' || ".join(cells)
    careful = " || ',' || ".join(cell if column.cell.risky_when is None else _quoted_sql(escape_cell_sql(cell))
                                 for column, cell in zip(columns, cells, strict=True))  # fmt: skip
    ending = f" || {sql_literal(end)}" if end else ""
    if checked:
        conditions.append(risky_sql(checked, _QUOTE_IF))
    if not conditions:
        return _Written(plain + ending, *lookups)
    return _Written(f"CASE WHEN {' OR '.join(conditions)} THEN {careful} ELSE {plain} END{ending}", *lookups)


def copy_statement(missions: QuerySet) -> tuple[str, tuple] | None:
    """The seats of `missions` (a Mission queryset) as the file's lines, a row per launch in roster order: its id,
    and its seats' lines (each its launch's cells and its own, ending CRLF) in roster order, or NULL when one of
    them has a cell the database cannot write (`string_agg` would leave that line out). One statement, for
    `COPY (…) TO STDOUT (FORMAT binary)` (`_copy_roster`); None when the filters choose nothing.

    Each launch's cells are written once, in a derived table joined to its seats, where its place in the roster
    is numbered: the window function keeps the planner from merging that table into the join (merged, it wrote
    a launch's cells again for every seat of it), and sorting on a number rather than the launch's date, time
    and name costs less. The lines are sorted once, in a subquery, and joined in that order: PostgreSQL
    aggregates rows in the order a subquery gives them when nothing at the outer level reorders them (no join
    there, and the groups are the sort's first key), which cost half of `string_agg(… ORDER BY …)`, a sort per
    launch (45 ms against 90 at 100x); a parallel plan could combine a launch's lines out of order, so
    `_copy_roster` makes none. A row per launch rather than per seat, as the driver's work is per row. The order
    is the roster's, as `_seats_of` sorts: `test_export_sql` holds the two to the same bytes."""
    chosen = missions.model.objects.using(missions.db)  # each chosen mission once, whatever `missions` joins
    if missions.query.has_filters():
        chosen = chosen.filter(pk__in=missions.values("pk"))
    launches = chosen.annotate(
        export_cells=_LAUNCH_SQL, position=Window(RowNumber(), order_by=_launch_order())
    ).values_list("id", "export_cells", "position")
    seats = (
        SeatAssignment.objects.using(missions.db)
        .order_by()
        .annotate(export_cells=_ROW_SQL)
        .values_list("mission_id", "export_cells", "leg", "seat", "crew_member__name", "id")
    )
    try:
        launch_sql, launch_params = launches.query.get_compiler(using=missions.db).as_sql()
        seat_sql, seat_params = seats.query.get_compiler(using=missions.db).as_sql()
    except EmptyResultSet:  # the filters choose nothing (a search no name matches): no query to make
        return None
    return (
        "SELECT min(mission), CASE WHEN count(line) = count(*) THEN string_agg(line, '') END AS export_cells"
        " FROM (SELECT launch.id, launch.position, launch.cells || seat.cells"
        f" FROM ({seat_sql}) AS seat (mission, cells, leg, seat, person, id)"
        f" JOIN ({launch_sql}) AS launch (id, cells, position) ON launch.id = seat.mission"
        " ORDER BY launch.position, seat.leg, seat.seat NULLS LAST, seat.person, seat.id)"
        " AS lines (mission, position, line)"
        " GROUP BY lines.position ORDER BY lines.position",
        (*seat_params, *launch_params),
    )


#: `COPY … TO STDOUT (FORMAT binary)`: its signature, then flags and the length of an extension (32 bits each);
#: each row the number of its values (16 bits), then each value's length (32 bits, -1 for NULL) and bytes; -1
#: for the number of values ends the data.
_BINARY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_HEADER = struct.Struct(">11sii")
_ROW_START = struct.Struct(">hiq")  # the values (2), the id's length (8) and the id (bigint)
_LENGTH = struct.Struct(">i")


def copied_launches(blocks: Iterable) -> Iterator[bytes]:
    """Each launch's lines, from the rows of `COPY (copy_statement) TO STDOUT (FORMAT binary)`: in the binary
    format a text is sent as it is, line breaks and backslashes included, with its length before it (the text
    format escapes them, which would have to be undone)."""
    data, at, header, ended = b"", 0, True, False
    for block in blocks:
        data = data[at:] + bytes(block) if at < len(data) else bytes(block)
        at = 0
        if header:
            if len(data) < _HEADER.size:
                continue
            signature, _flags, extension = _HEADER.unpack_from(data)
            if signature != _BINARY_SIGNATURE:
                raise ValueError("COPY did not send its binary format")
            if len(data) < _HEADER.size + extension:
                continue
            at, header = _HEADER.size + extension, False
        while len(data) - at >= 2:
            if data[at : at + 2] == b"\xff\xff":  # no more rows (the driver then reads the end of the COPY)
                at, ended = len(data), True
                break
            if len(data) - at < _ROW_START.size + _LENGTH.size:
                break
            values, id_length, mission_id = _ROW_START.unpack_from(data, at)
            if values != 2 or id_length != 8:
                raise ValueError(f"COPY sent a row of {values} values, the first {id_length} bytes long")
            (length,) = _LENGTH.unpack_from(data, at + _ROW_START.size)
            begins = at + _ROW_START.size + _LENGTH.size
            if length == -1:  # a cell the database could not write (a value its SQL gives NULL for)
                raise ValueError(f"a seat of mission {mission_id} has a cell the export cannot write")
            if len(data) < begins + length:
                break
            yield data[begins : begins + length]
            at = begins + length
    if not ended:  # (the driver raises first when the connection is lost: this is the file's last guard)
        raise ValueError("COPY's data ended before its last row")


# --- how it is written -------------------------------------------------------------------------------------

#: What makes a cell need a closer look: a first character a formula starts with (or an apostrophe, which may
#: stand before one); anywhere, a quote or a line break (then it is quoted).
_RISKY_FIRST = frozenset("'" + "".join(FORMULA_TRIGGERS))
_RISKY_AFTER_COMMA = re.compile("," + "[" + re.escape("".join(_RISKY_FIRST)) + "]")
#: A cell holding one of these is quoted (as `csv.writer` quotes).
_QUOTE_IF = ',"\r\n'
_QUOTED = re.compile("[" + re.escape(_QUOTE_IF) + "]")


def _csv_field(text: str) -> str:
    """One field as `csv.writer` writes it (RFC 4180, quoted only when it must be)."""
    return '"' + text.replace('"', '""') + '"' if _QUOTED.search(text) else text


def _escaped(cells: list[str]) -> str:
    """The cells escaped (`escape_cell`) and quoted where they must be, joined."""
    return ",".join(_csv_field(escape_cell(cell)) for cell in cells)


def csv_line(cells: list[str]) -> str:
    """A row as `csv.writer` writes it, each cell escaped (`escape_cell`), without the line end. Most rows need
    neither escaping nor quoting, and are only joined (a comma within a cell shows in the count of commas)."""
    if len(cells) == 1 and not cells[0]:
        return '""'  # else an empty line: no row at all
    line = ",".join(cells)
    if (
        line.count(",") != len(cells) - 1  # a comma in a cell
        or '"' in line
        or "\n" in line
        or "\r" in line
        or line[:1] in _RISKY_FIRST
        or _RISKY_AFTER_COMMA.search(line)
    ):
        return _escaped(cells)
    return line


_launch_cells = _cells_writer(_LAUNCH_COLUMNS, (), MISSION_READS)
_LAUNCH_SQL = sql_line(_LAUNCH_COLUMNS, _MISSION_PREFIX, end=",")
_ROW_SQL = sql_line(_ROW_COLUMNS, end="\r\n")
_row_line = _line_writer(_ROW_COLUMNS, SEAT_READS, MISSION_READS)


def roster_lines(launches: Iterable[tuple], seats: Iterable[tuple]) -> Iterator[str]:
    """Each seat's line (ending CRLF), from the missions' values and their seats', both in roster order. The
    missions are read from the start (the export makes its two queries whatever it finds)."""
    launches = iter(launches)
    mission = next(launches, None)
    mission_id, prefix = None, ""
    for seat in seats:
        if seat[0] != mission_id:
            mission_id = seat[0]
            while mission is not None and mission[0] != mission_id:  # missions without seats are passed over
                mission = next(launches, None)
            if mission is None:
                raise RuntimeError(f"mission {mission_id} was not read with the other missions")
            prefix = csv_line(_launch_cells((), mission)) + ","
        yield _row_line(seat, mission, prefix)


@contextmanager
def _one_state(alias: str):
    """A transaction in which the two queries read one state of the record (a change saved between them
    shows in neither, and they cannot disagree on which launches there are or in which order). On
    PostgreSQL it is read-only and repeatable-read, its cursors stream rather than being held whole, and the
    planner is told that every row will be read. (On SQLite, begun IMMEDIATE as every transaction there, it
    makes writers wait for the export: 0.13 s for 20,000 rows.) Inside a transaction already open, that one:
    no savepoint, as the export only reads."""
    connection = connections[alias]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=alias, savepoint=False):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL cursor_tuple_fraction = 1"
                )
        yield


def _chunks(queryset: QuerySet, opened: list, size: int) -> Iterator[tuple]:
    """The rows of a `values_list()` queryset, `size` at a time (from a server-side cursor on PostgreSQL),
    converted as the queryset converts them. What `iterator()` does, but stopping at the first short chunk,
    and leaving the cursor to be closed after the transaction (in `opened`): on PostgreSQL each of those is
    one round trip to the database fewer, which counts in a small export."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # the filters choose nothing (a search no name matches): no query to make
        return
    cursor = connections[queryset.db].chunked_cursor()
    opened.append(cursor)
    cursor.execute(sql, params)
    while True:
        rows = cursor.fetchmany(size)
        yield from compiler.results_iter([rows], tuple_expected=True)
        if len(rows) < size:
            return


def written_by_database(alias: str) -> bool:
    """Whether the database writes the lines (`copy_statement`): PostgreSQL; elsewhere Python does."""
    return connections[alias].vendor == "postgresql"


def _write_roster(spool, missions: QuerySet, by_database: bool = True) -> None:
    """The header and every seat's line: on PostgreSQL, written by the database (`copy_statement`, one statement
    read with `COPY`) unless `by_database` is False, else from the values (`export_queries`), read and written
    `CHUNK` rows at a time."""
    spool.write((BOM + csv_line(list(EXPORT_COLUMNS)) + "\r\n").encode())
    if by_database and written_by_database(missions.db):
        _copy_roster(spool, missions)
        return
    launches, seats = export_queries(missions)
    opened: list = []
    try:
        with _one_state(seats.db):
            lines = roster_lines(_chunks(launches, opened, LAUNCH_CHUNK), _chunks(seats, opened, CHUNK))
            while text := "".join(itertools.islice(lines, CHUNK)):
                spool.write(text.encode())
    finally:
        for cursor in opened:  # on PostgreSQL, gone with the transaction: nothing to send
            cursor.close()


def _copy_roster(spool, missions: QuerySet) -> None:
    """The lines `copy_statement` writes, read with `COPY … TO STDOUT (FORMAT binary)` and written as they come
    (UTF-8), `COPY_LAUNCHES` launches at a time: one statement, so one state of the record; one round trip, its
    rows streamed as the database sends them (a server-side cursor's chunks each wait for their own). Made
    where no parallel plan is (see `copy_statement`): in a transaction of its own, or, inside the caller's, with
    the caller's setting back after it. Logged as a query (the tests count it), its errors Django's."""
    statement = copy_statement(missions)
    if statement is None:
        return
    sql, params = statement
    # (psycopg reads `%%` as `%` only when it is given parameters; Django writes `%%` where it means `%`)
    sql = f"COPY ({sql if params else sql.replace('%%', '%')}) TO STDOUT (FORMAT binary)"
    connection = connections[missions.db]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=missions.db, savepoint=False), connection.cursor() as cursor:
        if outermost:
            cursor.execute(f"SET LOCAL {_PARALLEL} = 0")
        else:
            cursor.execute(f"SELECT current_setting('{_PARALLEL}'), set_config('{_PARALLEL}', '0', true)")
            previous = cursor.fetchone()[0]
        logged = cursor.debug_sql(sql, params) if hasattr(cursor, "debug_sql") else nullcontext()
        with logged, connection.wrap_database_errors, cursor.cursor.copy(sql, params or None) as copy:
            launches = copied_launches(copy)
            while text := b"".join(itertools.islice(launches, COPY_LAUNCHES)):
                spool.write(text)
        if not outermost:
            cursor.execute(f"SELECT set_config('{_PARALLEL}', %s, true)", [previous])


def csv_response(missions: QuerySet, filename: str, *, by_database: bool = True) -> FileResponse:
    """The seats of these missions (a Mission queryset), read in chunks, written whole, then sent.
    `by_database=False`: the lines written in Python on PostgreSQL too, for an export of a launch or two, where
    planning the database's longer SQL costs more than it saves (one roster: 4.2 ms against 2.9 at 100×)."""
    return _spooled_response(lambda spool: _write_roster(spool, missions, by_database), filename)


def csv_stream_response(header: Iterable[str], rows: Iterable[Iterable[str]], filename: str) -> FileResponse:
    """Any table in the roster CSV conventions (BOM, RFC 4180, CRLF, formula escaping)."""

    def write(spool) -> None:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        text.write(BOM)
        writer.writerow(header)
        for row in rows:
            writer.writerow([escape_cell(str(cell)) for cell in row])
        text.flush()
        text.detach()

    return _spooled_response(write, filename)


def _spooled_response(write: Callable, filename: str) -> FileResponse:
    """The file is written whole before the first byte goes out (in memory up to `SPOOL_IN_MEMORY`, then in a
    temporary file) and sent with its Content-Length: if the database fails half-way, the user gets an
    error page, never a shorter file that ends cleanly and looks complete (over HTTP/1.0, what many proxies
    speak to the app, a cut stream cannot be told from a finished one). The database produces rows far
    faster than a client reads them, so this costs little.
    """
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (FileResponse closes it)
    try:
        write(spool)
    except BaseException:
        spool.close()
        raise
    size = spool.tell()
    spool.seek(0)
    response = FileResponse(
        spool, content_type="text/csv; charset=utf-8", as_attachment=True, filename=filename
    )
    response["Content-Length"] = str(size)
    return response
