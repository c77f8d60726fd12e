"""A benchmark of the org tree reads: app latency next to the same SQL sent directly (the floor).

Run `python -m bench` (or `make bench`); see `bench/__main__.py` for the options.
"""
