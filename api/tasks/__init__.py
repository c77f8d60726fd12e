"""Party-building tasks at the door: the task library, plans, assignments, progress, to-dos and alerts."""
