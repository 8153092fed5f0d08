"""Roster CSV export: the import's columns plus `cross_agency`, streamed, with a fixed number of queries.

UTF-8 with a byte-order mark (spreadsheets then read any script), RFC 4180 quoting,
CRLF line ends, formula-looking cells escaped (see `cells`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from ..models import SeatAssignment
from .cells import escape_cell
from .columns import EXPORT_COLUMNS, EXPORT_JOINS, export_cells

BOM = "\ufeff"


def export_queryset(seats=None):
    """Seats with everything a row needs joined in (each column says what it needs), in roster order: one query."""
    seats = SeatAssignment.objects.all() if seats is None else seats
    return seats.select_related(*EXPORT_JOINS).in_roster_order()


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote."""

    def write(self, text: str) -> str:
        return text


def csv_response(seats_queryset, filename: str) -> StreamingHttpResponse:
    """Stream the rows: the queryset is read in chunks (a server-side cursor on PostgreSQL)."""
    rows = export_queryset(seats_queryset).iterator(chunk_size=500)
    return csv_stream_response(EXPORT_COLUMNS, map(export_cells, rows), filename)


def csv_stream_response(
    header: Iterable[str], rows: Iterable[Iterable[str]], filename: str
) -> StreamingHttpResponse:
    """Any table in the roster CSV conventions (BOM, RFC 4180, CRLF, formula escaping), streamed."""

    def lines() -> Iterator[str]:
        writer = csv.writer(_Line(), lineterminator="\r\n")
        yield BOM + writer.writerow(header)
        for row in rows:
            yield writer.writerow([escape_cell(str(cell)) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
