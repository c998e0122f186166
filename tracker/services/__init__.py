"""Use cases: one module per job (intake, prepare, sales, repairs, people, stations)."""
