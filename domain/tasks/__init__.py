"""Party-building tasks (党建任务): the task library, plans, their approval, distribution and execution."""
