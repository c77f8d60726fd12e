"""The control center (管控中心): the indicator library, values and snapshots, evaluation, the unified alert
center and the six at-a-glance views."""
