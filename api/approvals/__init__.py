"""The approval workflow at the door: decisions, routes and the requests themselves."""
