"""The control center at the door: the indicator library, values, evaluation and the unified alert center."""
