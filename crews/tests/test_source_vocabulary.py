"""The public sources' vocabulary: each quirk of the two files, then sweeps over the real files (no database)."""

import csv
import zoneinfo
from pathlib import Path

import pytest

from crews.demo import reference
from crews.sources import agencies, vocabulary
from crews.sources.agencies import AGENCIES, agency_for, feed_agency, is_private_flyer
from crews.sources.countries import COUNTRIES, KEPT, country, country_at
from crews.sources.craft import flight_operator, launch_site_for, operator_for, vehicle_for
from crews.sources.flights import Resolved, legs, mission_name, outcome
from crews.sources.people import DIACRITICS_RESTORED, KNOWN_MISSPELLINGS, alternate_names, person_name
from crews.sources.stations import STATIONS, station, stations
from crews.sources.vocabulary import LAUNCH_SITES, VEHICLES

DATA = Path(__file__).resolve().parents[1] / "sources" / "data"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
SHY = "\u00ad"
VEHICLE_COLUMNS = [("ascend_shuttle", "ascent"), ("descend_shuttle", "descent")]


def read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ASTRONAUTS = read("astronauts_1961_2019.csv")
FEED = read("people_in_space_2020_2026.csv")


def values(column: str, rows=ASTRONAUTS) -> list[str]:
    return sorted({row[column] for row in rows})


def test_vocabulary_gathers_every_mapping():
    assert set(vocabulary.__all__) >= {"Resolved", "mission_name", "outcome", "station", "STATIONS", "country",
                                       "person_name", "alternate_names", "KNOWN_MISSPELLINGS", "agency_for",
                                       "feed_agency", "AGENCIES", "VEHICLES", "vehicle_for", "LAUNCH_SITES",
                                       "launch_site_for", "operator_for"}  # fmt: skip
    assert vocabulary.mission_name is mission_name and vocabulary.agency_for is agency_for


class TestInvisibleCharacters:
    @pytest.mark.parametrize(
        ("raw", "step"),
        [(f"Soyuz TMA{SHY}19M", "soft hyphen removed"), ("Soyuz TMA\u201119M", "non-breaking hyphen replaced"),
         ("Soyuz TMA-\u200b19M", "zero-width character removed"), ("Soyuz\u00a0TMA-19M", "non-breaking space replaced"),
         ("Soyuz\r\nTMA-19M", "line break removed"), ("  Soyuz  TMA-19M ", "stray spaces removed")],
    )  # fmt: skip
    def test_read_and_said(self, raw, step):
        found = mission_name(raw)
        assert found == Resolved("Soyuz TMA-19M", raw, found.how)
        assert step in found.how

    def test_as_written(self):
        assert mission_name("Soyuz MS-22") == Resolved("Soyuz MS-22", "Soyuz MS-22", "as written")

    def test_soft_hyphen_in_a_shuttle_number(self):
        assert mission_name(f"STS{SHY} 91").name == "STS-91"
        assert mission_name(f"STS{SHY}100").how == "soft hyphen removed; spelling 'STS100'"


class TestSpellingsAndTypos:
    @pytest.mark.parametrize("raw", ["STS-51-L", "STS 51-L", "STS-51L", "sts-51l", "STS-51 L"])
    def test_challenger_one_form(self, raw):
        assert mission_name(raw).name == "STS-51-L"

    @pytest.mark.parametrize(
        ("raw", "name", "how"),
        [
            ("STS 51-L", "STS-51-L", "spelling 'STS 51-L'"), ("STS-41 B", "STS-41-B", "spelling 'STS-41 B'"),
            ("STS-41C", "STS-41-C", "spelling 'STS-41C'"), ("STS-41-G", "STS-41-G", "as written"),
            ("STS87", "STS-87", "spelling 'STS87'"), ("STS-151-C", "STS-51-C", "typo 'STS-151-C'"),
            ("STS-40 Columbia", "STS-40", "orbiter name 'Columbia' dropped"),
            ("STS-8, INSAT-1B", "STS-8", "text after the flight dropped ('INSAT-1B')"),
            ("Soyz TM-31", "Soyuz TM-31", "typo 'Soyz'"), ("Soyuz  3", "Soyuz 3", "stray spaces removed"),
            ("Soyuz T6", "Soyuz T-6", "spelling 'Soyuz T6'"), ("Soyuz-TM21", "Soyuz TM-21", "spelling 'Soyuz-TM21'"),
            ("apollo 9", "Apollo 9", "capitalisation 'apollo 9'"), ("MA-6", "Mercury-Atlas 6", "spelling 'MA-6'"),
            ("ASTP", "Apollo-Soyuz Test Project", "abbreviation 'ASTP'"),
            ("Apollo Sk.2", "Skylab 2", "spelling 'Apollo Sk.2'"),
            ("Apollo CSM-117", "Skylab 3", "spacecraft serial 'Apollo CSM-117'"),
        ],
    )  # fmt: skip
    def test_read_as(self, raw, name, how):
        assert mission_name(raw) == Resolved(name, raw, how)

    def test_tma_typos_are_tm_flights(self):
        assert mission_name("Soyuz TMA-34").name == "Soyuz TM-34"
        assert mission_name("Soyuz TMA-33").name == "Soyuz TM-33"
        assert mission_name("Soyuz TMA-33").how.startswith("typo 'Soyuz TMA-33'")

    def test_misplaced_soft_hyphen(self):
        found = mission_name(f"Soyuz TM{SHY}A12M")
        assert found.name == "Soyuz TMA-12M"
        assert found.how.startswith("typo 'Soyuz TM<U+00AD>A12M'")

    @pytest.mark.parametrize(
        ("raw", "name"),
        [
            ("Vostok 1", "Vostok 1"), ("Voskhod 2", "Voskhod 2"), ("Mercury-Redstone 3", "Mercury-Redstone 3"),
            ("MR-4", "Mercury-Redstone 4"), ("Friendship 7", "Mercury-Atlas 6"), ("gemini 6A", "Gemini 6A"),
            ("Gemini 12", "Gemini 12"), ("Apollo 17", "Apollo 17"), ("Skylab-2", "Skylab 2"),
            ("Soyuz 11", "Soyuz 11"), ("Soyuz 18a", "Soyuz 18a"), ("Soyuz T-10-1", "Soyuz T-10-1"),
            ("Soyuz T-15", "Soyuz T-15"), ("Soyuz TM-34", "Soyuz TM-34"), ("Soyuz TMA-22", "Soyuz TMA-22"),
            ("Soyuz TMA-01M", "Soyuz TMA-01M"), ("Soyuz TMA-1M", "Soyuz TMA-01M"), ("Soyuz MS-1", "Soyuz MS-01"),
            ("STS-1", "STS-1"), ("STS-135", "STS-135"), ("Shenzhou-5", "Shenzhou 5"),
            ("Crew Dragon Demo-2", "SpaceX Demo-2"), ("SpaceX Demo-2", "SpaceX Demo-2"), ("Demo-2", "SpaceX Demo-2"),
            ("Inspiration4", "Inspiration4"), ("Artemis 2", "Artemis II"),
        ],
    )  # fmt: skip
    def test_programmes(self, raw, name):
        assert mission_name(raw).name == name

    @pytest.mark.parametrize(
        ("raw", "name"),
        [
            ("Crew-5 Dragon", "SpaceX Crew-5"), ("Crew-12 Dragon", "SpaceX Crew-12"),
            ("Boeing CFT Starliner", "Boeing Crew Flight Test"), ("Axiom-1 Dragon", "Axiom Mission 1"),
            ("Ax-2 Dragon", "Axiom Mission 2"), ("Polaris Dawn Dragon", "Polaris Dawn"), ("Fram-2 Dragon", "Fram2"),
            ("Artemis II Orion", "Artemis II"), ("Shenzhou 12", "Shenzhou 12"), ("Soyuz MS-17", "Soyuz MS-17"),
        ],
    )  # fmt: skip
    def test_feed_labels(self, raw, name):
        found = mission_name(raw)
        assert found.name == name
        assert found.how == ("as written" if raw == name else f"feed label '{raw}'")


class TestUnresolved:
    @pytest.mark.parametrize(
        ("raw", "why"),
        [
            ("Soyuz MS", "vehicle class without a number"), ("Soyuz TMA", "vehicle class without a number"),
            ("Crew Dragon", "vehicle class without a number"), ("Shenzhou", "vehicle class without a number"),
            ("NA", "not available (NA)"), ("explosion", "status word, not a flight (see outcome())"),
            ("46", "an expedition number, not a flight"), ("Saluyt 6", "a station (Salyut 6), not a flight"),
            ("Mir/Salyut 7", "a station (Mir, Salyut 7), not a flight"),
            ("Spacelab 1", "a payload mission carried by a Shuttle flight, not a flight"),
            ("Gemini 6", "no flight was named 'Gemini 6' (it flew as Gemini 6A)"),
            ("Apollo 1", "Apollo 1 never flew (its crew died in a ground test)"),
            ("Vostok 7", "no flight was named 'Vostok 7'"), ("Soyuz TMA-23", "no flight was named 'Soyuz TMA-23'"),
            ("STS-51-E", "no Shuttle flight was named 'STS-51-E'"),
            ("STS-11", "no Shuttle flight was named 'STS-11' (1984–86 flights had codes such as STS-41-B)"),
            ("Soyuz 19/Apollo", "two craft named, not one flight: 'Soyuz 19/Apollo'"), ("", "empty"),
            ("Buran 1", "not recognised as a flight name"),
        ],
    )  # fmt: skip
    def test_never_guessed(self, raw, why):
        assert mission_name(raw) == Resolved(None, raw, why)

    def test_leg_is_checked(self):
        with pytest.raises(ValueError, match="leg must be"):
            mission_name("Soyuz MS-22", leg="return")


class TestCombinedTitles:
    def test_romanenko_up_on_tm2_down_on_tm3(self):
        raw = f"Soyuz TM{SHY}2/3"
        assert mission_name(raw, leg="ascent").name == "Soyuz TM-2"
        assert mission_name(raw, leg="descent").name == "Soyuz TM-3"
        assert mission_name(raw) == Resolved(None, raw, "two flights named: Soyuz TM-2 / Soyuz TM-3")

    @pytest.mark.parametrize(
        ("raw", "up", "down"),
        [("Soyuz TMA-1/TM-34", "Soyuz TMA-1", "Soyuz TM-34"), ("Soyuz TMA-18M/16M", "Soyuz TMA-18M", "Soyuz TMA-16M"),
         ("Soyuz 5/4", "Soyuz 5", "Soyuz 4"), ("Soyuz TM-17 / Soyuz TM-16", "Soyuz TM-17", "Soyuz TM-16"),
         ("Soyuz TMA-34/TM-33", "Soyuz TM-34", "Soyuz TM-33")],
    )  # fmt: skip
    def test_legs(self, raw, up, down):
        ascent, descent = legs(raw)
        assert (ascent.name, descent.name) == (up, down)
        assert mission_name(raw).name is None

    def test_no_legs_for_one_flight_or_two_craft(self):
        assert legs("Soyuz 36") is None
        assert legs("Soyuz 19/Apollo") is None
        assert mission_name("Soyuz 19/Apollo", leg="ascent").name is None


class TestOutcome:
    @pytest.mark.parametrize(
        ("raw", "meaning"),
        [("explosion", "lost"), (" Exploded ", "lost"), ("aborted", "aborted"), ("not completed yet", "in_space"),
         ("in space", "in_space"), ("NA", None), ("Soyuz 11", None), ("STS-107", None)],
    )  # fmt: skip
    def test_words(self, raw, meaning):
        assert outcome(raw) == meaning

    def test_rows_that_carry_them(self):
        said = {}
        for row in ASTRONAUTS:
            if word := outcome(row["descend_shuttle"]):
                said.setdefault(word, set()).add(mission_name(row["ascend_shuttle"], leg="ascent").name)
        assert said == {
            "lost": {"STS-51-L", "STS-107"},
            "aborted": {"Soyuz MS-10"},
            "in_space": {"Soyuz MS-12", "Soyuz MS-13", "Soyuz MS-15", "Soyuz TMA-19M"},
        }
        lost = [row for row in ASTRONAUTS if outcome(row["descend_shuttle"]) == "lost"]
        assert len(lost) == 10  # 7 of Challenger; 3 of Columbia's 7 (the other 4 rows name STS-107)


class TestStations:
    @pytest.mark.parametrize(
        ("raw", "name"),
        [
            ("ISS", "International Space Station"), ("Mir", "Mir"), ("Mir EP", "Mir"), ("Euromir 94", "Mir"),
            ("Saluyt 6", "Salyut 6"), ("Saluyt 4", "Salyut 4"), ("Salyut 1", "Salyut 1"), ("Salyut 7", "Salyut 7"),
            ("Skylab", "Skylab"), ("Skylab 3", "Skylab"), ("Apollo Sk.2", "Skylab"), ("Mir/Salyut 7", "Mir"),
            ("ASTP", None), ("Soyuz 19/Apollo", None), ("Spacehub", None), ("STS-107", None), ("explosion", None),
            ("Salyut 2", None), ("Soyuz 36/35", None),
        ],
    )  # fmt: skip
    def test_station(self, raw, name):
        assert station(raw) == name

    def test_two_stations_in_one_flight(self):
        assert stations("Mir/Salyut 7") == ["Mir", "Salyut 7"]

    def test_only_the_iss_requires_agencies(self):
        assert [(name, needs) for name, _, needs in STATIONS if needs] == [("International Space Station",
                                                                          ["NASA", "Roscosmos"])]  # fmt: skip
        assert reference.STATIONS[0] in STATIONS

    def test_every_station_named_in_the_file_is_listed(self):
        found = {station(value) for value in values("in_orbit")} - {None}
        assert found == {name for name, _, _ in STATIONS}


class TestCountries:
    @pytest.mark.parametrize(
        ("raw", "name"),
        [
            ("U.S.", "United States"), ("U.S.S.R/Russia", "Soviet Union/Russia"),
            ("U.S.S.R/Ukraine", "Soviet Union/Ukraine"), ("Hungry", "Hungary"), ("Malysia", "Malaysia"),
            ("Netherland", "Netherlands"), ("U.K./U.S.", "United Kingdom/United States"), ("Korea", "South Korea"),
            ("Republic of South Africa", "South Africa"), ("UAE", "United Arab Emirates"),
            ("Czechoslovakia", "Czechoslovakia"), ("Atlantis", "Atlantis"), (" Malta ", "Malta"),
        ],
    )  # fmt: skip
    def test_country(self, raw, name):
        assert country(raw) == name

    def test_country_at_a_date(self):
        assert country_at("U.S.S.R/Russia", 1961) == "Soviet Union"
        assert country_at("U.S.S.R/Russia", 2014) == "Russia"
        assert country_at("U.S.S.R/Ukraine", 1997) == "Ukraine"
        assert country_at("Hungry", 1980) == "Hungary"


class TestPeople:
    @pytest.mark.parametrize(
        ("raw", "country_value", "name"),
        [
            ("Gagarin, Yuri", "", "Yuri Gagarin"), ("Glenn, John H., Jr.", "", "John H. Glenn Jr."),
            ("Mattingly, Thomas K., II", "", "Thomas K. Mattingly II"),
            ("Duke, Jr. Charles Moss", "", "Charles Moss Duke Jr."),
            ("Skvortsov, Aleksandr Jr.", "", "Aleksandr Skvortsov Jr."), ("Kregel Kevin R.", "", "Kevin R. Kregel"),
            ("Lodewijk, van der Berg", "", "Lodewijk van der Berg"),
            ("Miroslaw Hermaszewske", "", "Miroslaw Hermaszewske"), (" Chris  Hadfield ", "", "Chris Hadfield"),
            ("Aidyn (Aydyn) Akanovich Aimbetov", "", "Aidyn Akanovich Aimbetov"),
            ("Simonyi, Charles (Karoly)", "", "Charles Simonyi"), ("Liu, Yang", "China", "Liu Yang"),
            ("Liu, Yang", "", "Yang Liu"), ("Nie Haisheng", "China", "Nie Haisheng"),
            ("Yi, Soyeon (Lee So-hyun)", "Korea", "Yi Soyeon"), ("Wang, Taylor Gun-Jin", "U.S.", "Taylor Gun-Jin Wang"),
        ],
    )  # fmt: skip
    def test_person_name(self, raw, country_value, name):
        assert person_name(raw, country=country_value) == name

    @pytest.mark.parametrize(
        ("raw", "others"),
        [
            ("Aidyn (Aydyn) Akanovich Aimbetov", ["Aydyn Akanovich Aimbetov"]),
            ("Simonyi, Charles (Karoly)", ["Karoly Simonyi"]),
            ("André-Deshays, Claudie (Haigneré)", ["Claudie Haigneré"]),
            ("Yi, Soyeon (Lee So-hyun)", ["Lee So-hyun"]),
            ("Gagarin, Yuri", []),
        ],
    )
    def test_alternate_names(self, raw, others):
        assert alternate_names(raw) == others

    def test_misspellings_listed_not_fixed(self):
        assert KNOWN_MISSPELLINGS["Miroslaw Hermaszewske"] == "Miroslaw Hermaszewski"
        assert KNOWN_MISSPELLINGS["Lodewijk, van der Berg"] == "Lodewijk van den Berg"
        names = {row["name"] for row in ASTRONAUTS} | {row["name"] for row in FEED}
        assert set(KNOWN_MISSPELLINGS) <= names
        assert set(DIACRITICS_RESTORED) <= names
        for raw in KNOWN_MISSPELLINGS:
            assert person_name(raw) != KNOWN_MISSPELLINGS[raw]

    def test_every_name_in_order(self):
        for row in ASTRONAUTS:
            name = person_name(row["name"], country=row["nationality"])
            assert name and "," not in name and "(" not in name and name == name.strip(), row["name"]


class TestAgencies:
    @pytest.mark.parametrize(
        ("country_value", "operator", "year", "private", "agency"),
        [
            ("U.S.", "NASA", 1981, False, "NASA"), ("U.S.S.R/Russia", "Roscosmos", 1961, False, "Roscosmos"),
            ("Japan", "NASA", 1992, False, "JAXA"),  # a Japanese astronaut on the Shuttle
            ("Hungry", "Roscosmos", 1980, False, "Roscosmos"),  # Interkosmos
            ("Hungary", "NASA", 2025, False, "ESA"), ("Hungary", "NASA", 2014, False, "NASA"),  # joined ESA in 2015
            ("Germany", "Roscosmos", 1978, False, "Roscosmos"),  # Sigmund Jähn, East German guest
            ("Germany", "NASA", 1983, False, "ESA"), ("Japan", "Roscosmos", 1990, False, "Roscosmos"),  # Akiyama
            ("U.S.", "Roscosmos", 2001, True, "Roscosmos"), ("Canada", "Roscosmos", 2009, True, "Roscosmos"),
            ("UAE", "Roscosmos", 2019, False, "MBRSC"), ("Saudi Arabia", "NASA", 1985, False, "NASA"),
            ("Brazil", "Roscosmos", 2006, False, "Roscosmos"), ("U.K./U.S.", "NASA", 2002, False, "NASA"),
            ("China", "CNSA", 2003, False, "CNSA"),
        ],
    )  # fmt: skip
    def test_agency_for(self, country_value, operator, year, private, agency):
        assert agency_for(country_value, operator, year=year, private=private) == agency

    def test_no_agency_and_no_operator(self):
        with pytest.raises(ValueError, match="flight's operator"):
            agency_for("Mexico", "")

    @pytest.mark.parametrize(
        ("occupation", "private"),
        [("Other (space tourist)", True), ("Space tourist", True), ("Other (Journalist)", True),
         ("spaceflight participant", False), ("MSP", False)],
    )  # fmt: skip
    def test_private_flyers(self, occupation, private):
        assert is_private_flyer(occupation) is private

    @pytest.mark.parametrize(
        ("raw", "agency"),
        [("CMSA", "CNSA"), ("CNSA | CMSA", "CNSA"), ("PLAAC", "CNSA"), ("Axiom", "Axiom Space"),
         ("Axiom Space", "Axiom Space"), ("SpaceX", "SpaceX"), ("TSA", "TSA"), ("SNSA/ESA", "ESA"),
         ("Italian Air Force", "Italian Air Force"), ("Belavia", "Belarus"), ("HSO", "HSO"), (" NASA ", "NASA")],
    )  # fmt: skip
    def test_feed_agency(self, raw, agency):
        assert feed_agency(raw, "any") == agency

    def test_feed_agency_left_empty(self):
        assert feed_agency("", "Japan", "Roscosmos") == "Roscosmos"  # Maezawa: not JAXA
        with pytest.raises(ValueError):
            feed_agency("", "Japan")
        with pytest.raises(ValueError, match="unknown agency"):
            feed_agency("NASDA", "Japan")

    def test_every_agency_returned_is_listed(self):
        listed = {short for short, _, _ in AGENCIES}
        returned = {*agencies.FEED_AGENCIES.values(), *agencies.NATIONAL_AGENCIES.values(), "ESA"}
        returned |= {operator for _, operator, *_ in VEHICLES} | {flight_operator("Axiom Mission 1"),
                                                                 flight_operator("Fram2")}  # fmt: skip
        assert returned <= listed
        assert len(listed) == len(AGENCIES)

    def test_existing_agencies_unchanged(self):
        assert set(reference.AGENCIES) <= set(AGENCIES)


class TestVehiclesAndSites:
    @pytest.mark.parametrize(
        ("flight", "vehicle", "site"),
        [
            ("STS-51-L", "Space Shuttle", "Kennedy Space Center LC-39A"), ("Apollo 7", "Apollo", "Cape Canaveral LC-34"),
            ("Soyuz TMA-19M", "Soyuz", "Baikonur Cosmodrome Site 1"), ("Vostok 1", "Vostok", "Baikonur Cosmodrome Site 1"),
            ("Soyuz MS-10", "Soyuz MS", "Baikonur Cosmodrome Site 1"),
            ("Soyuz MS-22", "Soyuz MS", "Baikonur Cosmodrome Site 31"),
            ("Mercury-Redstone 3", "Mercury", "Cape Canaveral LC-5"), ("MA-6", "Mercury", "Cape Canaveral LC-14"),
            ("Gemini 3", "Gemini", "Cape Canaveral LC-19"), ("Apollo 11", "Apollo", "Kennedy Space Center LC-39A"),
            ("Apollo Sk.2", "Apollo", "Kennedy Space Center LC-39B"), ("ASTP", "Apollo", "Kennedy Space Center LC-39B"),
            ("Shenzhou 5", "Shenzhou", "Jiuquan Satellite Launch Center"),
            ("SpaceX Crew-5", "Crew Dragon", "Kennedy Space Center LC-39A"),
            ("Crew-9 Dragon", "Crew Dragon", "Cape Canaveral SLC-40"),
            ("Axiom Mission 1", "Crew Dragon", "Kennedy Space Center LC-39A"),
            ("Polaris Dawn", "Crew Dragon", "Kennedy Space Center LC-39A"),
            ("Fram2", "Crew Dragon", "Kennedy Space Center LC-39A"),
            ("SpaceX Demo-2", "Crew Dragon", "Kennedy Space Center LC-39A"),
            ("Boeing Crew Flight Test", "Starliner", "Cape Canaveral SLC-41"),
            ("Artemis II", "Orion", "Kennedy Space Center LC-39B"),
        ],
    )  # fmt: skip
    def test_vehicle_and_site(self, flight, vehicle, site):
        assert vehicle_for(flight) == vehicle
        assert launch_site_for(flight) == site

    def test_unknown_flight_refused(self):
        with pytest.raises(ValueError, match="not one flight"):
            vehicle_for("Soyuz MS")
        with pytest.raises(ValueError, match="unknown vehicle class"):
            operator_for("Buran")

    def test_operators(self):
        assert operator_for("Soyuz MS") == "Roscosmos"
        assert operator_for("Shenzhou") == "CNSA"
        assert flight_operator("Axiom Mission 2") == "Axiom Space"
        assert flight_operator("Polaris Dawn") == "SpaceX"
        assert flight_operator("SpaceX Crew-5") == "NASA"

    def test_seats(self):
        seats = {name: count for name, _, _, count, _, _ in VEHICLES}
        assert seats == {"Vostok": 1, "Voskhod": 3, "Mercury": 1, "Gemini": 2, "Apollo": 3, "Soyuz": 3,
                         "Soyuz MS": 3, "Space Shuttle": 8, "Shenzhou": 3, "Crew Dragon": 4, "Starliner": 4,
                         "Orion": 4}  # fmt: skip
        shuttle = next(row for row in VEHICLES if row[0] == "Space Shuttle")
        assert "STS-61-A" in shuttle[5]

    def test_existing_names_reused_with_their_text(self):
        ours = {row[0]: row for row in VEHICLES}
        for row in reference.SPACECRAFT:
            assert ours[row[0]] == row
        assert set(reference.LAUNCH_SITES) <= set(LAUNCH_SITES)

    def test_sites_listed_with_real_time_zones(self):
        names = [name for name, _, _ in LAUNCH_SITES]
        assert len(names) == len(set(names))
        for _, _, zone in LAUNCH_SITES:
            zoneinfo.ZoneInfo(zone)


class TestRealFiles:
    """Every distinct value of the two files: resolved, or deliberately not (the exact list)."""

    @pytest.mark.skipif(not SHARED.exists(), reason="../shared is not on this machine")
    @pytest.mark.parametrize("name", ["astronauts_1961_2019.csv", "people_in_space_2020_2026.csv"])
    def test_copies_are_byte_for_byte(self, name):
        assert (DATA / name).read_bytes() == (SHARED / name).read_bytes()

    def test_sizes(self):
        assert (len(ASTRONAUTS), len(FEED)) == (1277, 159)

    @pytest.mark.parametrize(("column", "leg"), VEHICLE_COLUMNS)
    def test_vehicles(self, column, leg):
        unresolved = [v for v in values(column) if mission_name(v, leg=leg).name is None and not outcome(v)]
        assert unresolved == ["NA", "Soyuz MS"]

    def test_in_orbit(self):
        unresolved = [v for v in values("in_orbit") if not (mission_name(v).name or station(v) or outcome(v))]
        assert unresolved == ["Soyuz 19/Apollo", "Soyuz 36/35", "Soyuz 4/Soyuz 5", "Soyuz 5/4", "Soyuz 5/Soyuz 4",
                              "Soyuz TMA-18M/16M", "Spacehub"]  # fmt: skip

    def test_mission_titles(self):
        unresolved = {v for v in values("mission_title") if mission_name(v).name is None}
        numbers = {str(n) for n in [*range(1, 58), 59, 60, 61]}  # expedition numbers (Mir's, the ISS's)
        combined = {
            "Soyuz 26/27", "Soyuz 27/26", "Soyuz 31/29", "Soyuz 36/35", "Soyuz 37/36", "Soyuz 5/4", "Soyuz TM-11/10",
            "Soyuz TM-12/11", "Soyuz TM-14/13", "Soyuz TM-17 / Soyuz TM-16", "Soyuz TM-24/23", "Soyuz TM-25/24",
            "Soyuz TM-27/26", "Soyuz TM-33/32", "Soyuz TM-34 / Soyuz TM-33", "Soyuz TM13/12", "Soyuz TMA-1/TM-34",
            "Soyuz TMA-11/10", "Soyuz TMA-12 / Soyuz TMA-11", "Soyuz TMA-16/14", "Soyuz TMA-18M/16M", "Soyuz TMA-3/2",
            "Soyuz TMA-34/TM-33", "Soyuz TMA-4/TMA-3", "Soyuz TMA-6/TMA-5", f"Soyuz TMA{SHY}1/TM{SHY}34",
            f"Soyuz TM{SHY}32/31", f"Soyuz TM{SHY}33/32", f"Soyuz TM{SHY}4/3",
        }  # fmt: skip
        others = {
            "Antares", "Astro-1", "Astro-2", "Atlas-1", "EP-19", "Euromir 94", "Mir Aragatz", "Mir EO-15",
            "Mir EO-21", "NA", "Saluyt 4", "Saluyt 6", "Salyut 4", "Salyut 6", "Salyut 7", "Spacelab 1",
            "Spacelab-2", "Spacelab-3", "spacelab-3", "ЭП-1",
        }  # fmt: skip
        assert unresolved == numbers | combined | others
        assert all(legs(title) for title in combined)

    def test_feed_spacecraft_all_resolve(self):
        assert [v for v in values("spacecraft", FEED) if mission_name(v).name is None] == []

    def test_canonical_names_read_as_written(self):
        read = [mission_name(v, leg="ascent") for v in values("ascend_shuttle")]
        read += [mission_name(v, leg="descent") for v in values("descend_shuttle")]
        read += [mission_name(v) for v in values("spacecraft", FEED)]
        for name in {found.name for found in read} - {None}:
            assert mission_name(name) == Resolved(name, name, "as written")
            assert vehicle_for(name) in {row[0] for row in VEHICLES}
            assert launch_site_for(name) in {row[0] for row in LAUNCH_SITES}

    def test_up_on_one_flight_down_on_another(self):
        both = [(mission_name(row["ascend_shuttle"], leg="ascent").name,
                 mission_name(row["descend_shuttle"], leg="descent").name) for row in ASTRONAUTS]  # fmt: skip
        assert sum(1 for up, down in both if up and down and up != down) == 128

    def test_countries_mapped_or_kept(self):
        for raw in values("nationality") + values("country", FEED):
            assert raw in COUNTRIES or raw in KEPT, raw
            assert country(raw) in KEPT or country(raw) in COUNTRIES.values(), raw

    def test_every_row_gets_a_listed_agency(self):
        listed = {short for short, _, _ in AGENCIES}
        for row in ASTRONAUTS:
            up = (
                legs(row["mission_title"]) if row["ascend_shuttle"] == "NA" else None
            )  # Farkas: from his title
            flight = up[0].name if up else mission_name(row["ascend_shuttle"], leg="ascent").name
            if flight:  # not Onishi's and Rubins's "Soyuz MS": which flight is not known
                year, private = int(row["year_of_mission"]), is_private_flyer(row["occupation"])
                assert (
                    agency_for(row["nationality"], flight_operator(flight), year=year, private=private)
                    in listed
                )
        for row in FEED:
            assert feed_agency(row["agency"], row["country"], flight_operator(row["spacecraft"])) in listed
