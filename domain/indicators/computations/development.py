"""Computations about member development: the deadlines of the 25 steps, met or missed (issue 7, H2).

One statement per computation pivots each file's step dates (a file's rows grouped, one MAX(CASE) per step);
HAVING keeps the files that matter to the period. The deadlines are the configurable rules' calendar months,
which SQL cannot add alike on both databases: they are applied in Python, as domain/development/alerts.py
does. Files are attributed to their branch. A deadline that falls in the period but after the as-of day
(the earlier of today and the period's end) is not yet due and is counted only once met.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.development import reads
from domain.development.enums import DevelopmentStep
from domain.development.rules import DevelopmentRules, probation_ends_on
from domain.development.service import current_rules
from domain.indicators.computations.orgs import as_of
from domain.indicators.computations.registry import Kind, Row, Scope, computation
from domain.indicators.enums import Unit
from domain.timeutil import add_months
from domain.tree import in_subtree

S = DevelopmentStep
F, STEPS = reads.F, reads.STEPS


def _dated(step: DevelopmentStep) -> Any:
    return func.max(case((STEPS.step == step, STEPS.done_on)))


async def _files(session: AsyncSession, scope: Scope, steps: Sequence[DevelopmentStep], *having: Any) -> list[Any]:
    """Each file of the subtree with the dates of `steps` (None: not recorded), kept by `having`."""
    keys = (F.id, F.org_path, F.applied_on, F.closed_on, F.extension_months)
    statement = (
        select(*keys, *(_dated(step).label(step.lower()) for step in steps))
        .select_from(reads.TABLE.outerjoin(STEPS.file_id.table, STEPS.file_id == F.id))
        .where(in_subtree(F.org_path, scope.under_path))
        .group_by(*keys)
        .having(*having)
    )
    return list(await session.execute(statement))


def _tally(pairs: Iterable[tuple[str, bool]]) -> list[Row]:
    """(path, met) for each deadline due -> each org's (path, met, due)."""
    met: Counter[str] = Counter()
    due: Counter[str] = Counter()
    for path, ok in pairs:
        due[path] += 1
        met[path] += int(ok)
    return [(path, met[path], n) for path, n in due.items()]


def _recorded(on: date | None, day: date) -> date | None:
    """A step's date as known on the as-of day: one recorded later had not happened yet."""
    return on if on is not None and on <= day else None


def _judged(path: str, done: date | None, deadline: date, day: date) -> tuple[str, bool] | None:
    """Met when done by the deadline (the deadline day included); missed once the deadline has passed."""
    if done is not None:
        return path, done <= deadline
    return (path, False) if day > deadline else None


@computation(
    "APPLICANT_TALK_ON_TIME",
    "本期递交入党申请的人中，党组织在 1 个月内（可配置，含到期当天）派人谈话的比例：分母为本期申请、且已谈话"
    "或谈话期限已过的人数（期限前终止的档案不计）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def applicant_talk_on_time(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    r, day = await current_rules(session), as_of(scope)
    files = await _files(session, scope, [S.APPLICANT_TALK], F.applied_on >= scope.period.start, F.applied_on <= day)
    judged = []
    for f in files:
        deadline = add_months(f.applied_on, r.talk_within_months)
        talk = _recorded(f.applicant_talk, day)
        if talk is None and f.closed_on is not None and f.closed_on <= deadline:
            continue  # withdrawn before the talk was due
        judged.append(_judged(f.org_path, talk, deadline, day))
    return _tally(j for j in judged if j is not None)


def _reviews_due(f: Any, reviews: list[date], r: DevelopmentRules, scope: Scope) -> Iterable[tuple[str, bool]]:
    """The half-yearly reviews (step 6) due in the period: the first 6 months after designation, each next one
    6 months after the review before it, as the alerts count them; none once the activist stage has ended."""
    day = as_of(scope)
    ended = min((d for d in (f.target_designation, f.closed_on) if d is not None), default=None)
    anchor = f.activist_designation
    for k in range(len(reviews) + 1):
        deadline = add_months(anchor, r.review_every_months)
        if deadline > scope.period.end or (ended is not None and ended <= deadline):
            return
        done = _recorded(reviews[k], day) if k < len(reviews) else None
        if deadline >= scope.period.start:
            judged = _judged(f.org_path, done, deadline, day)
            if judged is not None:
                yield judged
        if done is None:
            return  # the next review is due 6 months after this one, once it is recorded
        anchor = done


@computation(
    "ACTIVIST_REVIEW_ON_TIME",
    "本期应进行半年一次培养教育考察的入党积极分子中按期考察的比例：首次考察在确定为积极分子后 6 个月内，"
    "此后每次在上次考察后 6 个月内（可配置，含到期当天）；确定为发展对象或档案终止后不再计。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def activist_review_on_time(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    r = await current_rules(session)
    steps = [S.ACTIVIST_DESIGNATION, S.TARGET_DESIGNATION]
    files = await _files(session, scope, steps, _dated(S.ACTIVIST_DESIGNATION) <= scope.period.end)
    files = [f for f in files if f.target_designation is None or f.target_designation >= scope.period.start]
    ids = [f.id for f in files]
    reviews: dict[int, list[date]] = {i: [] for i in ids}
    if ids:
        statement = (
            select(STEPS.file_id, STEPS.done_on)
            .where(STEPS.file_id.in_(ids), STEPS.step == S.ACTIVIST_REVIEW)
            .order_by(STEPS.file_id, STEPS.done_on, STEPS.id)
        )
        for file_id, done_on in await session.execute(statement):
            reviews[file_id].append(done_on)
    return _tally(pair for f in files for pair in _reviews_due(f, reviews[f.id], r, scope))


async def _approvals(session: AsyncSession, scope: Scope) -> list[Any]:
    approved = _dated(S.ADMISSION_APPROVAL)
    steps = [S.ADMISSION_VOTE, S.ADMISSION_APPROVAL]
    return await _files(session, scope, steps, approved >= scope.period.start, approved <= as_of(scope))


@computation(
    "ADMISSION_APPROVAL_ON_TIME",
    "本期上级党委审批接收的预备党员中，在支部党员大会讨论通过后 3 个月内（可配置，含到期当天）审批的比例。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def admission_approval_on_time(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    r = await current_rules(session)
    return _tally(
        (f.org_path, f.admission_approval <= add_months(f.admission_vote, r.approval_max_months))
        for f in await _approvals(session, scope)
    )


@computation(
    "NEW_MEMBERS_ADMITTED",
    "本期经上级党委审批接收的预备党员人数（按审批日期计）。",
    Kind.SUM,
    Unit.COUNT,
)
async def new_members_admitted(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    return _tally((f.org_path, True) for f in await _approvals(session, scope))


@computation(
    "CONVERSION_ON_TIME",
    "预备期（含延长）在本期届满的预备党员中，届满之日前（含当天）支部党员大会已讨论转正、或档案已终止的比例；"
    "分母为本期届满、且已作决定或已过届满日的人数。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def conversion_on_time(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    r, day = await current_rules(session), as_of(scope)
    # A probation ends within probation + the longest extension of its meeting: a loose bound for SQL.
    earliest = add_months(scope.period.start, -(r.probation_months + r.extension_max_months))
    vote = _dated(S.ADMISSION_VOTE)
    steps = [S.ADMISSION_VOTE, S.ADMISSION_APPROVAL, S.CONVERSION_VOTE]
    files = await _files(session, scope, steps, vote >= earliest, vote <= scope.period.end)
    judged = []
    for f in files:
        if f.admission_approval is None:
            continue  # never admitted: no probation
        ends = probation_ends_on(f.admission_vote, f.extension_months, r)
        if not scope.period.start <= ends <= scope.period.end:
            continue
        decided = [d for d in (_recorded(f.conversion_vote, day), _recorded(f.closed_on, day)) if d is not None]
        judged.append(_judged(f.org_path, min(decided, default=None), ends, day))
    return _tally(j for j in judged if j is not None)
