"""Reading `COPY … TO STDOUT (FORMAT binary)` (`export.copied_launches`), the way PostgreSQL's all-launches export
is read, on bytes made here: whatever the driver's blocks hold, each launch's text comes out whole and as it was
sent, and what cannot be a launch's lines stops the export."""

import struct

import pytest

from crews.roster_csv import export

SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def copy_out(*rows: tuple[int, bytes | None], extension: bytes = b"") -> bytes:
    """What PostgreSQL sends for rows of (a bigint, a text or NULL), header and trailer included."""
    data = SIGNATURE + struct.pack(">ii", 0, len(extension)) + extension
    for mission, text in rows:
        data += struct.pack(">hiq", 2, 8, mission)
        data += struct.pack(">i", -1) if text is None else struct.pack(">i", len(text)) + text
    return data + b"\xff\xff"


LAUNCHES = [
    (7, "Soyuz MS-22,…,Frank Rubio,NASA\r\nSoyuz MS-22,…,Сергей Прокопьев,Roscosmos\r\n".encode()),
    (3, b'"Crew\r\n2",\\.,\t\\N,\x01\r\n'),  # what COPY's text format escapes: here sent as it is
    (12, b"x\r\n"),
]


def read(blocks) -> list[bytes]:
    return list(export.copied_launches(memoryview(block) for block in blocks))


@pytest.mark.parametrize("size", [1, 2, 5, 19, 20, 21, 33, 1000])
def test_each_launch_whole_however_the_blocks_split_it(size):
    data = copy_out(*LAUNCHES)
    assert read(data[n : n + size] for n in range(0, len(data), size)) == [text for _, text in LAUNCHES]


def test_a_block_per_row_as_postgresql_sends_them_and_the_header_extension_passed_over():
    data = copy_out(*LAUNCHES, extension=b"\x00\x01\x02")
    header = len(SIGNATURE) + 8 + 3
    rows, at = [data[:header]], header
    for _, text in LAUNCHES:
        rows.append(data[at : at + 18 + len(text)])
        at += 18 + len(text)
    rows.append(data[at:])
    assert read(rows) == [text for _, text in LAUNCHES]
    assert read([copy_out()]) == []
    data = copy_out(*LAUNCHES, extension=b"\x00" * 40)  # an extension longer than the first block
    assert read([data[:30], data[30:]]) == [text for _, text in LAUNCHES]


def test_a_launch_the_database_could_not_write_stops_the_export_naming_it():
    with pytest.raises(ValueError, match="a seat of mission 3 has a cell the export cannot write"):
        read([copy_out(LAUNCHES[0], (3, None), LAUNCHES[2])])


@pytest.mark.parametrize(
    "data, message",
    [
        (copy_out(*LAUNCHES).replace(b"PGCOPY", b"PGCOPX"), "binary format"),
        (
            copy_out(*LAUNCHES).replace(struct.pack(">hiq", 2, 8, 3), struct.pack(">hiq", 3, 8, 3)),
            "of 3 values",
        ),
        (
            copy_out(*LAUNCHES).replace(struct.pack(">hiq", 2, 8, 3), struct.pack(">hiq", 2, 4, 3)),
            "4 bytes long",
        ),
    ],
)
def test_what_is_not_this_statement_s_rows_stops_the_export(data, message):
    with pytest.raises(ValueError, match=message):
        read([data])


def test_a_stream_that_ends_before_its_last_row_stops_the_export_after_what_was_whole():
    data = copy_out(*LAUNCHES)
    launches = export.copied_launches([data[: data.index(LAUNCHES[2][1], len(SIGNATURE) + 8) - 1]])
    assert [next(launches), next(launches)] == [LAUNCHES[0][1], LAUNCHES[1][1]]
    with pytest.raises(ValueError, match="ended before its last row"):
        next(launches)
    with pytest.raises(ValueError, match="ended before its last row"):
        read([copy_out(*LAUNCHES)[:-2]])
