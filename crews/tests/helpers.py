"""What several test modules use: reading a page as a user sees it, roster CSV rows, the demo loader.

Test modules import from here (and fixtures come from the conftest files), never from each other.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

from django.core.management import call_command

from crews.roster_csv.columns import COLUMNS, OPTIONAL_COLUMNS

# --- pages --------------------------------------------------------------------------------------


def text(response) -> str:
    """The page's HTML with runs of white space folded, as a reader sees the text flow."""
    return re.sub(r"\s+", " ", response.content.decode())


def field_errors(response, name: str) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


def mission_links(html: str) -> list[str]:
    """The slugs of the missions a page links to, in page order."""
    return re.findall(r'href="/missions/([^/"]+)/"', html)


SVG = "{http://www.w3.org/2000/svg}"
ISS = "/stations/iss/"


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(match) for match in re.findall(r"<svg .*?</svg>", html, flags=re.S)]


def reports(html: str) -> list[str]:
    """The station page's continuity reports (as recorded, then the what-if)."""
    return html.split("continuity-report")[1:]


def mission_form_data(mission, **changes) -> dict:
    """What the mission form posts for `mission` as it is (at its version), with `changes`."""
    data = {
        "name": mission.name, "status": mission.status, "spacecraft": mission.spacecraft_id,
        "vehicle": mission.vehicle, "launch_site": mission.launch_site_id,
        "destination": mission.destination_id or "", "launch_date": mission.launch_date.isoformat(),
        "launch_time": mission.launch_time.strftime("%H:%M:%S") if mission.launch_time else "",
        "landing_date": mission.landing_date.isoformat() if mission.landing_date else "",
        "landing_time": "", "notes": mission.notes, "version": mission.version,
        "launch_precision": mission.launch_precision, "landing_precision": mission.landing_precision,
    }  # fmt: skip
    data.update(changes)
    return data


# --- the admin ------------------------------------------------------------------------------------


def seat_post(seat_id="", **fields):
    """One row of the admin's seat forms."""
    data = {"leg": "ascent", "seat": "1", "role": "flight_engineer", "crew_member": "", "agreement": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


def mission_post(world, *, name="Soyuz MS-90", seats=(), status="planned"):
    """What the admin's mission page posts for a new mission (with `seats` in its crew inline)."""
    data = {
        "name": name,
        "slug": "",
        "status": status,
        "spacecraft": world.soyuz.pk,
        "vehicle": "",
        "launch_site": world.baikonur.pk,
        "destination": world.iss.pk,
        "launch_date": "2031-03-01",
        "launch_time": "",
        "landing_date": "2031-09-01",
        "landing_time": "",
        "launch_precision": "day",
        "landing_precision": "day",
        "notes": "",
        "seat_assignments-TOTAL_FORMS": str(len(seats)),
        "seat_assignments-INITIAL_FORMS": "0",
        "seat_assignments-MIN_NUM_FORMS": "0",
        "seat_assignments-MAX_NUM_FORMS": "1000",
    }
    for i, seat in enumerate(seats):
        for key, value in seat_post(**seat).items():
            data[f"seat_assignments-{i}-{key}"] = value
        data[f"seat_assignments-{i}-id"] = ""
    return data


# --- roster CSV ---------------------------------------------------------------------------------

#: The header of a file with the columns every roster has (the optional ones, added later, left out).
HEADER = ",".join(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)
#: Every column the import reads.
FULL_HEADER = ",".join(COLUMNS)
MS22 = "Soyuz MS-22,landed,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2022-09-21T13:54Z,2023-03-28"
MS23 = "Soyuz MS-23,landed,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2023-02-24T00:24Z,2023-09-27T11:17Z"
PLANNED = "Soyuz MS-90,planned,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2024-03-01,2024-09-01"
AGREEMENT = "NASA–Roscosmos integrated crew agreement"

#: The MS-22 crew up on MS-22 and home on MS-23, as a roster file's rows.
GOOD = [
    f"{MS22},ascent,1,commander,Sergey Prokopyev,Roscosmos,Russia,",
    f"{MS22},ascent,2,flight engineer,Dmitry Petelin,Roscosmos,Russia,",
    f"{MS22},ascent,3,flight engineer,Frank Rubio,NASA,United States,{AGREEMENT}",
    f"{MS23},return,1,commander,Sergey Prokopyev,Roscosmos,Russia,",
    f"{MS23},return,2,flight engineer,Dmitry Petelin,Roscosmos,Russia,",
    f"{MS23},return,3,flight engineer,Frank Rubio,NASA,United States,{AGREEMENT}",
]


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


def with_every_column(row: str, **cells: str) -> dict[str, str]:
    """A row of `HEADER`'s columns as {column: cell} over every column (the optional ones empty), changed by
    `cells`."""
    values = dict.fromkeys(COLUMNS, "")
    values.update(zip(HEADER.split(","), next(csv.reader([row])), strict=True))
    values.update(cells)
    return values


# --- the demo -----------------------------------------------------------------------------------


def load_demo() -> str:
    """Run `manage.py load_demo`; what it printed."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()
