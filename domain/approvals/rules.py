"""Pure rules of the approval workflow: what a route may hold, and how long a step has waited."""

from dataclasses import dataclass
from datetime import date, timedelta

from authz.roles import Role
from domain.approvals.errors import ApprovalError
from domain.errors import DomainError

MAX_STEPS = 5
# Approvers are the people who run organizations; an ADMIN keeps accounts, not business records, and an
# auditor or a service account changes nothing (DOMAIN.md, Who uses it).
APPROVER_ROLES = (Role.SECRETARY, Role.ORG_ADMIN)


@dataclass(frozen=True)
class RouteStep:
    role: Role
    levels_up: int  # 0: the subject's own org; 1: its parent; ...

    def as_json(self) -> dict[str, object]:
        return {"role": self.role.value, "levelsUp": self.levels_up}


DEFAULT_ROUTE = (RouteStep(Role.SECRETARY, 0),)  # issue 6: a SECRETARY granted at the subject's org


def check_route(steps: tuple[RouteStep, ...], org_depth: int) -> None:
    """A route set at an org of `org_depth` (the root is 0) serves its whole subtree, whose orgs are all at
    least as deep, so a step may climb at most `org_depth` levels."""
    if not 1 <= len(steps) <= MAX_STEPS:
        raise DomainError(ApprovalError.INVALID_ROUTE, f"审批流程须有 1 到 {MAX_STEPS} 步", field=["steps"])
    for i, step in enumerate(steps):
        if step.role not in APPROVER_ROLES:
            raise DomainError(
                ApprovalError.INVALID_ROUTE, "审批人只能是书记或党务工作者", field=["steps", str(i), "role"]
            )
        if not 0 <= step.levels_up <= org_depth:
            raise DomainError(
                ApprovalError.INVALID_ROUTE, "审批层级不能高过根组织", field=["steps", str(i), "levelsUp"]
            )


def working_days_after(start: date, end: date) -> int:
    """Working days (Monday to Friday) after `start` up to and including `end`.

    Public holidays and their make-up working days (调休) are set by the State Council each year; no
    holiday calendar is kept yet, so a wait over a holiday week reads longer than it is.
    """
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    days = weeks * 5
    for i in range(1, rest + 1):
        if (start + timedelta(days=i)).weekday() < 5:
            days += 1
    return days
