"""Faults under a steady load (``make availability``): settings.py reads faults.toml,
faults.py injects each fault, run.py measures recovery, nines.py turns it into nines,
results.py says what a result means; docs/availability.md is course/availability_page.py's."""
