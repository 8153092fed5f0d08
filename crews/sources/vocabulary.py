"""The vocabulary of the public sources: every mapping the importers use, in one import.

Sources (copied byte for byte into `crews/sources/data/`, licences in
`crews/sources/VOCABULARY.md`):

- `astronauts_1961_2019.csv`: the Astronaut Database 1961–2019 (Stavnichuk &
  Corlett, Mendeley Data, 2020) as cleaned by TidyTuesday 2020-07-14; one row per
  person per flight.
- `people_in_space_2020_2026.csv`: every version of a hand-kept "people in space"
  JSON feed, 2021–2026; one row per person, spacecraft and launch.

What lives where (each module's docstring gives its findings and decisions):

- `flights`: `Resolved`, `mission_name` (canonical flight names), `legs`
  (combined titles), `outcome` (status words of the descent column);
- `stations`: `STATIONS`, `station`, `stations`;
- `countries`: `country`, `country_at`;
- `people`: `person_name`, `alternate_names`, `KNOWN_MISSPELLINGS`, `DIACRITICS_RESTORED`;
- `agencies`: `AGENCIES`, `agency_for`, `feed_agency`, `is_private_flyer`;
- `craft`: `VEHICLES`, `vehicle_for`, `operator_for`, `flight_operator`,
  `LAUNCH_SITES`, `launch_site_for`.

Plain Python: no Django models, no database.
"""

from __future__ import annotations

from .agencies import AGENCIES, ESA_MEMBERS, FEED_AGENCIES, agency_for, feed_agency, is_private_flyer
from .countries import COUNTRIES, country, country_at
from .craft import LAUNCH_SITES, VEHICLES, flight_operator, launch_site_for, operator_for, vehicle_for
from .flights import OUTCOMES, Resolved, legs, mission_name, outcome
from .people import DIACRITICS_RESTORED, KNOWN_MISSPELLINGS, alternate_names, person_name
from .stations import STATIONS, station, stations

__all__ = [
    "AGENCIES",
    "COUNTRIES",
    "DIACRITICS_RESTORED",
    "ESA_MEMBERS",
    "FEED_AGENCIES",
    "KNOWN_MISSPELLINGS",
    "LAUNCH_SITES",
    "OUTCOMES",
    "STATIONS",
    "VEHICLES",
    "Resolved",
    "agency_for",
    "alternate_names",
    "country",
    "country_at",
    "feed_agency",
    "flight_operator",
    "is_private_flyer",
    "launch_site_for",
    "legs",
    "mission_name",
    "operator_for",
    "outcome",
    "person_name",
    "station",
    "stations",
    "vehicle_for",
]
