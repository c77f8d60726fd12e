"""A benchmark of the org tree reads and of the member ledger at a million members: app latency next to the
same SQL sent directly (the floor), and the time and memory of a 10,000-row Excel import and export.

Run `python -m bench` (or `make bench`); see `bench/__main__.py` for the options.
"""
