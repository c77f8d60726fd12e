"""The house: rules and use cases of zhdj, one package per area, free of any web framework."""
