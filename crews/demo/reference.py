"""Reference data for the demo: what must be on file before the roster can be imported.

Sources: NASA and Roscosmos announcements (the integrated crew agreement of
15 July 2022 and its December 2023 extension), and each agency's own site.
The partner crew allocations' seat numbers are illustrative planning figures,
not published numbers: ESA and JAXA earn their seats on US vehicles through
their share of ISS common operating costs.
"""

import datetime as dt

AGENCIES = [
    # short name, full name, country
    ("NASA", "National Aeronautics and Space Administration", "United States"),
    ("Roscosmos", "State Space Corporation Roscosmos", "Russia"),
    ("JAXA", "Japan Aerospace Exploration Agency", "Japan"),
    ("ESA", "European Space Agency", "Europe"),
    ("CSA", "Canadian Space Agency", "Canada"),
    ("MBRSC", "Mohammed bin Rashid Space Centre", "United Arab Emirates"),
    ("Belarus", "National Academy of Sciences of Belarus", "Belarus"),
]

SPACECRAFT = [
    # name, operator, manufacturer, seats, in service, notes
    ("Soyuz MS", "Roscosmos", "RSC Energia", 3, True, ""),
    (
        "Crew Dragon",
        "NASA",
        "SpaceX",
        4,
        True,
        "Four seats on station missions. NASA buys its seats from SpaceX (Commercial Crew Program) and "
        "allots them, so NASA is the operator for seat purposes.",
    ),
    ("Starliner", "NASA", "Boeing", 4, True, "Crew Flight Test in 2024; the crew returned on SpaceX Crew-9."),
    (
        "Space Shuttle",
        "NASA",
        "Rockwell International",
        8,
        False,
        "Retired in July 2011. Eight flew twice: up on STS-61-A (1985), down on STS-71 (1995); seven was the usual most.",
    ),
]

LAUNCH_SITES = [
    # name, country, IANA time zone
    ("Baikonur Cosmodrome Site 31", "Kazakhstan", "Asia/Qyzylorda"),
    ("Kennedy Space Center LC-39A", "United States", "America/New_York"),
    ("Cape Canaveral SLC-40", "United States", "America/New_York"),
    ("Cape Canaveral SLC-41", "United States", "America/New_York"),
]

STATIONS = [
    # name, short name, agencies that must always have someone aboard
    ("International Space Station", "ISS", ["NASA", "Roscosmos"]),
]

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
