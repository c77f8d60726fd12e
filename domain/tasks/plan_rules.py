"""Pure rules of plans and their items: what an item may hold, and the dates a template gives it."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from domain.errors import CommonError, DomainError
from domain.money import to_fen
from domain.orgs.models import OrgType
from domain.tasks.enums import TaskCategory
from domain.tasks.errors import TaskError
from domain.texts import optional_text, required_text

TITLE_MAX = 200
OBJECTIVE_MAX = 1000
UNIT_MAX = 100  # a department's or a section's name
REASON_MAX = 500
MAX_ITEMS = 200  # items one call may add: a whole year's 178 tasks fit in one click
MAX_EXECUTING_ORGS = 100  # named one by one; "every branch under X" has no cap
MAX_MILESTONES = 20
FIRST_YEAR = 2000
Field = list[str]


@dataclass(frozen=True)
class OrgTypesUnder:
    """Every living org of these types at or below an org: how a committee names "all its branches"."""

    organization_id: int
    org_types: tuple[OrgType, ...]


@dataclass(frozen=True)
class Executors:
    organization_ids: tuple[int, ...] = ()
    org_types_under: OrgTypesUnder | None = None


@dataclass(frozen=True)
class MilestoneFields:
    title: str
    due_on: date


@dataclass(frozen=True)
class ItemFields:
    """An item as entered; `executors` and `milestones` replace the item's whole sets."""

    title: str
    category: TaskCategory
    starts_on: date
    due_on: date
    executors: Executors
    objective: str | None = None
    managing_department: str | None = None
    responsible_section: str | None = None
    executor_member_id: int | None = None
    executor_user_id: int | None = None
    budget: Decimal | None = None
    milestones: tuple[MilestoneFields, ...] = field(default=())


@dataclass(frozen=True)
class FromTemplates:
    """Ticked templates, with what they cannot know: when the work starts and who executes it."""

    template_ids: tuple[int, ...]
    starts_on: date
    executors: Executors


@dataclass(frozen=True)
class CleanItem:
    """An item's columns once checked (executors and milestones are written beside it)."""

    title: str
    category: str
    objective: str | None
    managing_department: str | None
    responsible_section: str | None
    executor_member_id: int | None
    executor_user_id: int | None
    starts_on: date
    due_on: date
    budget_fen: int
    milestones: tuple[MilestoneFields, ...]


def check_year(year: int, today: date) -> None:
    # A plan is drawn up for this year or the next; older years are accepted for catching up on records.
    if not FIRST_YEAR <= year <= today.year + 1:
        raise DomainError(TaskError.INVALID_YEAR, f"年度须在 {FIRST_YEAR} 到 {today.year + 1} 之间", field=["year"])


def check_dates(year: int, starts_on: date, due_on: date, at: Field) -> None:
    """An item starts within its plan's year; it may run into the next (a winter task ends in spring)."""
    if starts_on.year != year:
        raise DomainError(TaskError.DATES_OUTSIDE_YEAR, f"开始日期须在 {year} 年内", field=[*at, "startsOn"])
    if due_on < starts_on:
        raise DomainError(TaskError.DUE_BEFORE_START, "完成日期早于开始日期", field=[*at, "dueOn"])


def check_milestones(
    milestones: Sequence[MilestoneFields], starts_on: date, due_on: date, at: Field
) -> tuple[MilestoneFields, ...]:
    if len(milestones) > MAX_MILESTONES:
        raise DomainError(CommonError.INVALID_INPUT, f"关键节点最多 {MAX_MILESTONES} 个", field=[*at, "milestones"])
    clean = []
    for k, step in enumerate(milestones):
        here = [*at, "milestones", str(k)]
        title = required_text(step.title, [*here, "title"], TITLE_MAX)
        if not starts_on <= step.due_on <= due_on:
            raise DomainError(
                TaskError.MILESTONE_OUT_OF_RANGE, "关键节点的日期须在任务的开始和完成日期之间", field=[*here, "dueOn"]
            )
        clean.append(MilestoneFields(title=title, due_on=step.due_on))
    return tuple(clean)


def clean_item(fields: ItemFields, year: int, at: Field) -> CleanItem:
    """Texts trimmed and bounded, dates and money checked; executors are checked against the tree later."""
    if fields.executor_member_id is not None and fields.executor_user_id is not None:
        raise DomainError(
            CommonError.INVALID_INPUT, "执行人是一名党员或一个账号，不能两者都填", field=[*at, "executorUserId"]
        )
    title = required_text(fields.title, [*at, "title"], TITLE_MAX)
    objective = optional_text(fields.objective, [*at, "objective"], OBJECTIVE_MAX, lines=True)
    department = optional_text(fields.managing_department, [*at, "managingDepartment"], UNIT_MAX)
    section = optional_text(fields.responsible_section, [*at, "responsibleSection"], UNIT_MAX)
    budget = to_fen(fields.budget, [*at, "budget"]) or 0
    check_dates(year, fields.starts_on, fields.due_on, at)
    return CleanItem(
        title=title,
        category=fields.category.value,
        objective=objective,
        managing_department=department,
        responsible_section=section,
        executor_member_id=fields.executor_member_id,
        executor_user_id=fields.executor_user_id,
        starts_on=fields.starts_on,
        due_on=fields.due_on,
        budget_fen=budget,
        milestones=check_milestones(fields.milestones, fields.starts_on, fields.due_on, at),
    )


def template_due_on(starts_on: date, duration_days: int | None) -> date:
    """A template without a duration runs to the end of the year its item starts in."""
    if duration_days is None:
        return date(starts_on.year, 12, 31)
    return starts_on + timedelta(days=duration_days)


def template_milestones(
    starts_on: date, due_on: date, stored: Sequence[dict[str, object]]
) -> tuple[MilestoneFields, ...]:
    # An offset past the due date (a template without a duration started late in the year) lands on it.
    return tuple(
        MilestoneFields(
            title=str(s["title"]), due_on=min(starts_on + timedelta(days=int(str(s["offsetDays"]))), due_on)
        )
        for s in stored
    )


def check_executor_count(executors: Executors, at: Field) -> None:
    if len(executors.organization_ids) > MAX_EXECUTING_ORGS:
        raise DomainError(
            CommonError.INVALID_INPUT,
            f"逐个指定的执行单位最多 {MAX_EXECUTING_ORGS} 个；更多时请用“某组织以下的全部党支部”",
            field=[*at, "executingOrganizationIds"],
        )
    under = executors.org_types_under
    if not executors.organization_ids and under is None:
        raise DomainError(
            TaskError.EXECUTOR_REQUIRED, "每项任务至少要有一个执行单位", field=[*at, "executingOrganizationIds"]
        )
    if under is not None and not under.org_types:
        raise DomainError(
            CommonError.INVALID_INPUT, "至少选择一种组织类型", field=[*at, "executingOrgTypesUnder", "orgTypes"]
        )
