"""The roster CSV: one row per person per leg, the format every large record comes in and goes out by.

UTF-8 (a byte-order mark is written on export and accepted on import), RFC 4180
quoting, CRLF line ends on export. `columns` declares every column once;
`cells` escapes formula-looking cells; `reading` checks a file and reads its
rows; `importer` brings the database in line with them (all or nothing);
`export` streams seats back out in the same columns, plus the derived
`cross_agency`.
"""
