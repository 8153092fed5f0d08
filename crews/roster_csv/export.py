"""Roster CSV export: the import's columns plus `cross_agency`, with a fixed number of queries, sent whole.

UTF-8 with a byte-order mark (spreadsheets then read any script), RFC 4180 quoting,
CRLF line ends, formula-looking cells escaped (see `cells`).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable

from django.http import FileResponse

from ..models import SeatAssignment
from .cells import escape_cell
from .columns import EXPORT_COLUMNS, EXPORT_JOINS, export_cells

BOM = "\ufeff"
#: A CSV export is spooled in memory up to this size, then in a temporary file.
SPOOL_IN_MEMORY = 16 * 1024 * 1024


def export_queryset(seats=None):
    """Seats with everything a row needs joined in (each column says what it needs), in roster order: one query."""
    seats = SeatAssignment.objects.all() if seats is None else seats
    return seats.select_related(*EXPORT_JOINS).in_roster_order()


def csv_response(seats_queryset, filename: str) -> FileResponse:
    """The rows, read in chunks (a server-side cursor on PostgreSQL), written whole, then sent."""
    rows = export_queryset(seats_queryset).iterator(chunk_size=500)
    return csv_stream_response(EXPORT_COLUMNS, map(export_cells, rows), filename)


def csv_stream_response(header: Iterable[str], rows: Iterable[Iterable[str]], filename: str) -> FileResponse:
    """Any table in the roster CSV conventions (BOM, RFC 4180, CRLF, formula escaping).

    The file is written whole before the first byte goes out (in memory up to `SPOOL_IN_MEMORY`, then in a
    temporary file) and sent with its Content-Length: if the database fails half-way, the user gets an
    error page, never a shorter file that ends cleanly and looks complete (over HTTP/1.0, what many proxies
    speak to the app, a cut stream cannot be told from a finished one). The database produces rows far
    faster than a client reads them, so this costs little.
    """
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (FileResponse closes it)
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    text.write(BOM)
    writer.writerow(header)
    for row in rows:
        writer.writerow([escape_cell(str(cell)) for cell in row])
    text.flush()
    text.detach()
    size = spool.tell()
    spool.seek(0)
    response = FileResponse(
        spool, content_type="text/csv; charset=utf-8", as_attachment=True, filename=filename
    )
    response["Content-Length"] = str(size)
    return response
