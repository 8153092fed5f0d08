"""The lifeboat check on the record as it stands (issue 14, §3: "the lifeboat interval on the record"): the
intervals worked out by hand from the roster, found by the check, printed by `manage.py lifeboat_check` and shown
on the station page. The whole record is loaded once for the module (`record`)."""

import io

from django.core.management import call_command

from crews.continuity.lifeboat import FREE_SEAT, NO_WAY_HOME, lifeboat_check
from crews.continuity.station_record import station_record
from crews.continuity.stays import Period
from crews.tests.test_lifeboat import rows, section_rows, t
from missions.models import Station

#: Worked out by hand from the roster (crews/demo/integrated_crews_2022_2025.csv), for 2022-01-01 to 2025-06-01:
#: - Soyuz MS-22's return leg is empty (its crew came home on MS-23, launched uncrewed after the coolant leak):
#:   Prokopyev, Petelin and Rubio are aboard from MS-22's launch (2022-09-21 13:54) with their seats home on
#:   MS-23, which launches 2023-02-24 00:24. Meanwhile MS-21 and Crew-4/5 are full with their own crews: they
#:   rely on MS-22's three seats, nobody's on the record.
#: - Kononenko and Chub go up on MS-24 (2023-09-15 15:44) to come home on MS-25 (launched 2024-03-23 12:36):
#:   MS-24's seats are O'Hara's, Novitsky's and Vasilevskaya's, but the last two come up only on MS-25, so two of
#:   MS-24's seats are free until then.
#: - Wilmore and Williams go up on the Boeing Crew Flight Test (2024-06-05 14:52), whose return leg is empty, to
#:   come home on SpaceX Crew-9 (launched 2024-09-28 17:17 with two crew and their two seats): Starliner's four seats
#:   carry them until it lands (2024-09-07 04:01); from then until Crew-9 comes, Crew-8, MS-25 and MS-26 are full
#:   with their own crews: no way home.
RECORD_FINDINGS = [
    (NO_WAY_HOME, "2024-09-07T04:01:00+00:00", "2024-09-28T17:17:00+00:00", ["Barry Wilmore", "Sunita Williams"],
     0, [], 2),
    (FREE_SEAT, "2022-09-21T13:54:00+00:00", "2023-02-24T00:24:00+00:00",
     ["Dmitry Petelin", "Frank Rubio", "Sergey Prokopyev"], 3, ["Soyuz MS-22"], 0),
    (FREE_SEAT, "2023-09-15T15:44:00+00:00", "2024-03-23T12:36:00+00:00", ["Nikolai Chub", "Oleg Kononenko"],
     2, ["Soyuz MS-24"], 0),
    (FREE_SEAT, "2024-06-05T14:52:00+00:00", "2024-09-07T04:01:00+00:00", ["Barry Wilmore", "Sunita Williams"],
     4, ["Boeing Crew Flight Test"], 0),
]  # fmt: skip
RECORD_PERIOD = Period(t("2022-01-01"), t("2025-06-01"))


class TestTheRecord:
    def test_the_intervals_worked_out_by_hand(self, record):
        iss = Station.objects.get(slug="iss")
        found = lifeboat_check(*_read(iss, RECORD_PERIOD), RECORD_PERIOD)
        assert rows([f for f in found if not f.rough]) == RECORD_FINDINGS
        assert [f.rides[0].name for f in found if not f.rough] == [
            "SpaceX Crew-9", "Soyuz MS-23", "Soyuz MS-25", "SpaceX Crew-9"]  # fmt: skip
        # The flights the feed follows without a landing on file (Crew-10 on) have their own seats: nothing rough.
        assert [f for f in found if f.rough] == []

    def test_the_command_prints_them_worst_first(self, record):
        out = io.StringIO()
        call_command("lifeboat_check", "--from", "2022-01-01", "--to", "2025-06-01", stdout=out)
        lines = out.getvalue().splitlines()
        assert (
            lines[0] == "Lifeboat check, International Space Station, 2022-01-01 00:00 – 2025-06-01 00:00 UTC"
        )
        assert lines[1].startswith(
            "NO WAY HOME: 2024-09-07 04:01 – 2024-09-28 17:17 UTC (21.6 days): Barry Wilmore (NASA), "
            "Sunita Williams (NASA); own seat home on SpaceX Crew-9 (at the station 2024-09-28 – 2025-03-18); "
            "free seats at the station: none"
        )
        assert lines[2] == (
            "relies on a free seat: 2022-09-21 13:54 – 2023-02-24 00:24 UTC (155.4 days): Dmitry Petelin "
            "(Roscosmos), Frank Rubio (NASA), Sergey Prokopyev (Roscosmos); own seat home on Soyuz MS-23 (at the "
            "station 2023-02-24 – 2023-09-27); free seats at the station: 3 at the fewest, on Soyuz MS-22"
        )
        assert len(lines) == 5

    def test_the_station_page_shows_them(self, record, viewer_client):
        response = viewer_client.get(
            "/stations/iss/", {"period_start": "2022-01-01", "period_end": "2025-06-01"}
        )
        found = section_rows(response)
        assert [row[:5] for row in found] == [
            ["No way home", "2024-09-07 04:01", "2024-09-28 17:17", "21.6", "Barry Wilmore (NASA), Sunita Williams (NASA)"],
            ["Relies on a free seat", "2022-09-21 13:54", "2023-02-24 00:24", "155.4",
             "Dmitry Petelin (Roscosmos), Frank Rubio (NASA), Sergey Prokopyev (Roscosmos)"],
            ["Relies on a free seat", "2023-09-15 15:44", "2024-03-23 12:36", "189.9",
             "Nikolai Chub (Roscosmos), Oleg Kononenko (Roscosmos)"],
            ["Relies on a free seat", "2024-06-05 14:52", "2024-09-07 04:01", "93.5",
             "Barry Wilmore (NASA), Sunita Williams (NASA)"],
        ]  # fmt: skip
        assert found[3][5:] == [
            "SpaceX Crew-9 (at the station 2024-09-28 – 2025-03-18)", "4 at the fewest, on Boeing Crew Flight Test"]  # fmt: skip


def _read(station, period):
    record = station_record(station, [period])
    return record.stays, record.vehicles
