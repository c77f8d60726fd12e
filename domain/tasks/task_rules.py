"""Pure rules of task alerts: the configurable thresholds, when a task is at risk, and when an approval
has waited too long. No session: the alert queries put the same arithmetic into SQL, and the tests pin
every boundary here.

Working days are Monday to Friday (domain.approvals.rules.working_days_after): no holiday calendar is kept
yet, so a wait over a public holiday reads longer than it is.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from domain.approvals.rules import working_days_after
from domain.errors import DomainError
from domain.tasks.enums import OPEN, AssignmentStatus
from domain.tasks.errors import TaskError


@dataclass(frozen=True)
class TaskRules:
    at_risk_elapsed_percent: int = 80  # yellow once this share of the time is gone ...
    at_risk_progress_percent: int = 50  # ... with progress under this
    approval_wait_working_days: int = 5  # yellow once an approval step has waited longer

    def check(self) -> None:
        for name in ("at_risk_elapsed_percent", "at_risk_progress_percent"):
            if not 1 <= getattr(self, name) <= 100:
                raise DomainError(TaskError.INVALID_TASK_RULES, "百分比须在 1 到 100 之间", field=[_camel(name)])
        if not 1 <= self.approval_wait_working_days <= 60:
            raise DomainError(
                TaskError.INVALID_TASK_RULES, "审批等待的工作日须在 1 到 60 之间", field=["approvalWaitWorkingDays"]
            )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def is_overdue(due_on: date, today: date) -> bool:
    """Past due from the day after the due date: work finished on the due date is on time."""
    return today > due_on


def time_elapsed_enough(starts_on: date, due_on: date, today: date, elapsed_percent: int) -> bool:
    """Has `elapsed_percent` of [starts_on, due_on] gone by? In whole days, without rounding:
    100 * (today - starts_on) >= elapsed_percent * (due_on - starts_on). A one-day task (start = due) has
    used all its time on that day; before its start no task has used any."""
    if today < starts_on:
        return False
    return 100 * (today - starts_on).days >= elapsed_percent * (due_on - starts_on).days


def is_at_risk(*, status: str, percent: int, starts_on: date, due_on: date, today: date, rules: TaskRules) -> bool:
    """Open work (not submitted, not final) that is not yet overdue, with most of its time gone and little
    of the work done."""
    return (
        AssignmentStatus(status) in OPEN
        and not is_overdue(due_on, today)
        and percent < rules.at_risk_progress_percent
        and time_elapsed_enough(starts_on, due_on, today, rules.at_risk_elapsed_percent)
    )


# Waiting approvals. A step started on a Saturday or Sunday waits exactly as long as one started on the
# Friday before (no working day lies between), so a wait is told by its *anchor*: the start day, or the
# Friday before a weekend start. Anchors are working days, and the deadline grows strictly with them,
# which lets the alert query sort by anchor and still follow the deadline order.


def anchor_day(start: date) -> date:
    return start - timedelta(days=max(0, start.weekday() - 4))


def wait_deadline(start: date, working_days: int) -> date:
    """The last day a step started on `start` is still within `working_days`: the n-th working day after
    it. From the next day on, working_days_after(start, today) > working_days."""
    day, counted = start, 0
    while counted < working_days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


def anchor_of_deadline(deadline: date, working_days: int) -> date:
    """The working day whose wait ends on `deadline` (the inverse of wait_deadline over anchors); for a
    deadline no wait can end on (a weekend day), the latest anchor whose deadline is before it."""
    day, counted = deadline, 0
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    while counted < working_days:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


def latest_waiting_anchor(today: date, working_days: int) -> date:
    """The latest anchor whose step has waited more than `working_days` by `today`."""
    day = anchor_day(today - timedelta(days=1))
    while working_days_after(day, today) <= working_days:
        day = anchor_day(day - timedelta(days=1))
    return day


def waited_too_long(start: date, today: date, working_days: int) -> bool:
    return working_days_after(start, today) > working_days
