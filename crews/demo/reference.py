"""Reference data for the demo: what must be on file before the roster can be imported.

Sources: NASA and Roscosmos announcements (the integrated crew agreement of
15 July 2022 and its December 2023 extension), and each agency's own site.
The partner crew allocations' seat numbers are illustrative planning figures,
not published numbers: ESA and JAXA earn their seats on US vehicles through
their share of ISS common operating costs.
"""

import datetime as dt

from ..sources import vocabulary


def _rows(table: list[tuple], names: set[str]) -> list[tuple]:
    """The rows of one of the sources' reference tables (`crews.sources.vocabulary`) the demo needs, as they
    are written there: one text for each agency, vehicle and site, whichever loads first."""
    return [row for row in table if row[0] in names]


#: (short name, full name, country)
AGENCIES = _rows(vocabulary.AGENCIES, {"NASA", "Roscosmos", "JAXA", "ESA", "CSA", "MBRSC", "Belarus"})
#: (name, operator, manufacturer, seats, in service, notes)
SPACECRAFT = _rows(vocabulary.VEHICLES, {"Soyuz MS", "Crew Dragon", "Starliner", "Space Shuttle"})
#: (name, country, IANA time zone)
LAUNCH_SITES = _rows(
    vocabulary.LAUNCH_SITES,
    {
        "Baikonur Cosmodrome Site 31",
        "Kennedy Space Center LC-39A",
        "Cape Canaveral SLC-40",
        "Cape Canaveral SLC-41",
    },
)
#: (name, short name, agencies that must always have someone aboard)
STATIONS = _rows(vocabulary.STATIONS, {"International Space Station"})

AGREEMENTS = [
    {
        "name": "NASA–Roscosmos integrated crew agreement",
        "kind": "integrated_crews",
        "agency_a": "NASA",
        "agency_b": "Roscosmos",
        "signed_on": dt.date(2022, 7, 15),
        "in_force_from": dt.date(2022, 7, 15),
        "in_force_to": dt.date(2025, 12, 31),
        "seats_a_on_b": 5,
        "seats_b_on_a": 5,
        "notes": (
            "Announced 15 July 2022: NASA astronauts fly Soyuz from Baikonur, Roscosmos cosmonauts fly "
            "US commercial crew vehicles from Florida, with no exchange of funds, so that each side keeps "
            "someone aboard the ISS if one vehicle is grounded. Three seats each way in the 2022 agreement; "
            "extended in December 2023 with one seat each way for 2024 and one for 2025."
        ),
    },
    {
        "name": "ISS partner crew allocation (NASA–ESA)",
        "kind": "partner_allocation",
        "agency_a": "ESA",
        "agency_b": "NASA",
        "signed_on": dt.date(1998, 1, 29),
        "in_force_from": dt.date(1998, 1, 29),
        "in_force_to": None,
        "seats_a_on_b": 6,
        "seats_b_on_a": 0,
        "notes": "Under the ISS Intergovernmental Agreement of 29 January 1998. Seat count illustrative.",
    },
    {
        "name": "ISS partner crew allocation (NASA–JAXA)",
        "kind": "partner_allocation",
        "agency_a": "JAXA",
        "agency_b": "NASA",
        "signed_on": dt.date(1998, 1, 29),
        "in_force_from": dt.date(1998, 1, 29),
        "in_force_to": None,
        "seats_a_on_b": 6,
        "seats_b_on_a": 0,
        "notes": "Under the ISS Intergovernmental Agreement of 29 January 1998. Seat count illustrative.",
    },
]

#: Other names seen in the press and in other sources (crew member → [(other name, where)]).
OTHER_NAMES = {
    "Frank Rubio": [("Francisco Rubio", "Roscosmos, much of the press")],
    "Warren Hoburg": [("Woody Hoburg", "nickname, used by NASA")],
    "Robert Hines": [("Bob Hines", "nickname, used by NASA")],
    "Barry Wilmore": [
        ("Barry E. Wilmore", "Astronaut Database"),
        ("Butch Wilmore", "nickname, used by NASA"),
    ],
    "Sunita Williams": [
        ("Sunita L. Williams", "Astronaut Database"),
        ("Suni Williams", "nickname, used by NASA"),
    ],
    "Donald Pettit": [("Donald R. Pettit", "Astronaut Database"), ("Don Pettit", "used by NASA")],
    "Tracy Dyson": [
        ("Tracy E. Caldwell", "Astronaut Database (before her marriage)"),
        ("Tracy Caldwell Dyson", "full name"),
        ("Tracy Caldwell-Dyson", "press"),
    ],
    "Nicole Mann": [("Nicole Aunapu Mann", "full name")],
    "Josh Cassada": [("Joshua Cassada", "full name")],
    "Stephen Bowen": [("Stephen G. Bowen", "Astronaut Database"), ("Steve Bowen", "nickname")],
    "Matthew Dominick": [("Matt Dominick", "nickname")],
    "Michael Barratt": [("Michael R. Barratt", "Astronaut Database"), ("Mike Barratt", "nickname")],
    "Ivan Vagner": [("Ivan Wagner", "press transliteration")],
    "Aleksey Ovchinin": [("Alexey Ovchinin", "transliteration")],
    "Aleksandr Gorbunov": [("Alexander Gorbunov", "transliteration")],
    "Alexander Grebenkin": [("Aleksandr Grebenkin", "transliteration")],
    "Sergey Prokopyev": [("Sergei Prokopyev", "transliteration"), ("Сергей Прокопьев", "Russian")],
    "Dmitry Petelin": [("Dmitri Petelin", "transliteration")],
    "Andrey Fedyaev": [("Andrei Fedyaev", "transliteration")],
    "Oleg Artemyev": [("Oleg Artemiev", "transliteration")],
    "Nikolai Chub": [("Nikolay Chub", "transliteration")],
    "Anna Kikina": [("Анна Кикина", "Russian")],
    "Koichi Wakata": [("若田光一", "Japanese")],
    "Satoshi Furukawa": [("古川聡", "Japanese")],
    "Oleg Kononenko": [("Oleg D. Kononenko", "Astronaut Database")],
    "Oleg Novitsky": [("Oleg Novitski", "Astronaut Database")],
    "Kjell Lindgren": [("Kjell Norwood Lindgren", "Astronaut Database")],
    "Nick Hague": [("Tyler Hague", "Astronaut Database: Tyler Nicklaus Hague")],
    "Sultan Alneyadi": [("Sultan Al Neyadi", "people-in-space feed"), ("Sultan AlNeyadi", "MBRSC")],
    "Marina Vasilevskaya": [("Maryna Vasileuskaya", "Belarusian transliteration")],
}
