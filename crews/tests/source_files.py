"""Small files in the public sources' formats, for the importers' tests: a row with each quirk."""

import csv
import io

DB_HEADER = [
    "id",
    "number",
    "nationwide_number",
    "name",
    "original_name",
    "sex",
    "year_of_birth",
    "nationality",
    "military_civilian",
    "selection",
    "year_of_selection",
    "mission_number",
    "total_number_of_missions",
    "occupation",
    "year_of_mission",
    "mission_title",
    "ascend_shuttle",
    "in_orbit",
    "descend_shuttle",
    "hours_mission",
    "total_hrs_sum",
    "field21",
    "eva_hrs_mission",
    "total_eva_hrs",
]
FEED_HEADER = [
    "name",
    "spacecraft",
    "launched_unix",
    "launched_utc",
    "country",
    "agency",
    "position",
    "on_iss",
    "first_seen_commit",
    "first_seen_date",
    "last_seen_commit",
    "last_seen_date",
    "n_versions",
    "expedition_first_seen",
]


def db_row(number, name, year, up, orbit=None, down=None, *, occupation="MSP", hours="100", total=None,
           eva="0", eva_total=None, nationality="U.S.", original="", title=None) -> dict:  # fmt: skip
    return {
        "number": str(number), "name": name, "original_name": original, "nationality": nationality,
        "occupation": occupation, "year_of_mission": str(year), "mission_title": title or up, "ascend_shuttle": up,
        "in_orbit": orbit or up, "descend_shuttle": down or up, "hours_mission": hours,
        "total_hrs_sum": total or hours, "eva_hrs_mission": eva, "total_eva_hrs": eva_total or eva,
    }  # fmt: skip


def csv_of(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, restval="")
    writer.writeheader()
    for n, row in enumerate(rows, start=1):
        writer.writerow({"id": str(n), **row} if "id" in header else row)
    return out.getvalue()


def db_file(*rows: dict) -> str:
    return csv_of(DB_HEADER, list(rows))


def feed_row(name, craft, launched, first, last, *, agency="NASA", country="United States",
             position="Flight Engineer", versions="3") -> dict:  # fmt: skip
    unix, utc = (launched, "") if "T" not in launched else ("", launched)
    return {
        "name": name, "spacecraft": craft, "launched_unix": unix, "launched_utc": utc, "country": country,
        "agency": agency, "position": position, "first_seen_date": first, "last_seen_date": last,
        "n_versions": versions,
    }  # fmt: skip


def feed_file(*rows: dict) -> str:
    return csv_of(FEED_HEADER, list(rows))
