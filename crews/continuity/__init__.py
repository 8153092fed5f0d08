"""Station continuity: who is aboard when, the gaps in each required agency's presence, the grounding
what-if (`stays`, plain data), the station's record read from the database (`station_record`), and the
timeline drawn from them (`timeline`)."""
