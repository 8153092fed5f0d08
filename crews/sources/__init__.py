"""Public sources of the flight record: their files (in `data/`) and the vocabulary that reads them.

`vocabulary` is the one place importers take their mappings from: flight names,
outcomes, stations, countries, people's names, agencies, spacecraft classes and
launch sites. It is plain Python (no Django models), so it can be tested and
reasoned about on its own; `VOCABULARY.md` explains each decision.
"""
