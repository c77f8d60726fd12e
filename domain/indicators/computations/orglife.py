"""Computations of organization life (三会一课): meeting compliance and each required meeting type, read
through the org-life compliance engine (domain/orglife/compliance*.py), so an indicator counts exactly the
periods the compliance page shows.

What a period counts as, here and in every "...HELD" computation: a required period (periods.py: contained
in the asked range, started, the org existing throughout it) is *owed* once it is HELD or has closed
MISSING; a period still running and not yet held is left out, so a current quarter's indicator is not
lowered by a month that is not over. Each computation is five statements whatever the subtree's size
(rules, requirements, orgs, meeting counts, big branches), the requirements filtered to its meeting types.
"""

from collections.abc import Collection, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor, GrantScope
from authz.roles import Role
from domain.indicators.computations.registry import Kind, Row, Scope, computation
from domain.indicators.enums import Unit
from domain.orglife import compliance, config
from domain.orglife.compliance_engine import Evaluator, OrgCompliance, RequirementResult
from domain.orglife.enums import MeetingType, PeriodStatus
from domain.orglife.periods import AskedRange
from domain.orgs.models import OrgType

# The computations read for whoever asked: the caller (indicator evaluation, a snapshot) has checked the
# scope already, so the org-life reads run with a global read grant rather than the asker's.
READER = Actor(user_id=0, username="indicators", grants=(GrantScope(0, Role.AUDITOR, None, None, True),))
M = MeetingType


def period_range(scope: Scope) -> AskedRange:
    return AskedRange(scope.period.first_month, scope.period.last_month)


def year_range(scope: Scope) -> AskedRange:
    year = scope.period.year
    return AskedRange(year * 12, year * 12 + 11)


async def evaluate(
    session: AsyncSession,
    scope: Scope,
    asked: AskedRange,
    types: Collection[MeetingType] | None = None,
    org_types: Collection[OrgType] | None = None,
) -> list[tuple[str, tuple[RequirementResult, ...]]]:
    """(org path, required items) of each org at these org types (all when None), the items of these meeting
    types (all when None). The subtree is evaluated once for every type and kept in the scope's memo, so the
    six computations over one range cost one evaluation, not six; an item does not depend on the others."""
    key = ("orglife.compliance", asked)
    if key not in scope.memo:
        engine = Evaluator(await config.requirements(session), await config.current_rules(session), asked, scope.today)
        scope.memo[key] = await compliance.evaluate_subtree(
            session, actor=READER, under_path=scope.under_path, asked=asked, today=scope.today, engine=engine
        )
    found: list[OrgCompliance] = scope.memo[key]
    return [
        (org.org.path, tuple(i for i in org.items if types is None or i.meeting_type in types))
        for org in found
        if org_types is None or org.org.type in org_types
    ]


def held_and_owed(items: Sequence[RequirementResult]) -> tuple[int, int]:
    statuses = [p.status for item in items for p in item.periods]
    held = statuses.count(PeriodStatus.HELD)
    return held, held + statuses.count(PeriodStatus.MISSING)


async def periods_held(
    session: AsyncSession,
    scope: Scope,
    types: Collection[MeetingType],
    org_types: Collection[OrgType] | None = None,
    asked: AskedRange | None = None,
) -> list[Row]:
    """(org path, periods held, periods owed) of each org owing any."""
    rows: list[Row] = []
    for path, items in await evaluate(session, scope, asked or period_range(scope), types, org_types):
        held, owed = held_and_owed(items)
        if owed:
            rows.append((path, held, owed))
    return rows


@computation(
    "MEETING_COMPLIANCE",
    "三会一课达标率：每一项应召开的会议都已按期召开（无缺失期次）的组织数 ÷ 期间内有应召开会议的组织数。"
    "应召开的期次按组织生活的会议频次规则确定（本期内完整存续、已开始的期次）；本期尚未结束且尚未召开的期次不计。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def meeting_compliance(session: AsyncSession, scope: Scope) -> list[Row]:
    rows: list[Row] = []
    for path, items in await evaluate(session, scope, period_range(scope)):
        held, owed = held_and_owed(items)
        if owed:
            rows.append((path, 1 if held == owed else 0, 1))
    return rows


@computation(
    "GENERAL_MEETING_HELD",
    "支部党员大会召开率：已召开支部党员大会的“支部·季度”数 ÷ 应召开的“支部·季度”数"
    "（按会议频次规则；未结束且未召开的季度不计）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def general_meeting_held(session: AsyncSession, scope: Scope) -> list[Row]:
    return await periods_held(session, scope, {M.BRANCH_GENERAL_MEETING})


@computation(
    "COMMITTEE_MEETING_HELD",
    "支委会/党委会召开率：已召开支委会或党委会的“组织·月份”数 ÷ 应召开的“组织·月份”数"
    "（支委会仅对正式党员达到规定人数的支部要求；未结束且未召开的月份不计）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def committee_meeting_held(session: AsyncSession, scope: Scope) -> list[Row]:
    return await periods_held(session, scope, {M.BRANCH_COMMITTEE_MEETING, M.COMMITTEE_MEETING})


@computation(
    "GROUP_MEETING_HELD",
    "党小组会召开率：已召开党小组会的“党小组·月份”数 ÷ 应召开的“党小组·月份”数（未结束且未召开的月份不计）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def group_meeting_held(session: AsyncSession, scope: Scope) -> list[Row]:
    return await periods_held(session, scope, {M.GROUP_MEETING})


@computation(
    "THEME_DAY_HELD",
    "主题党日开展率：已开展主题党日的“支部·月份”数 ÷ 应开展的“支部·月份”数（未结束且未开展的月份不计）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def theme_day_held(session: AsyncSession, scope: Scope) -> list[Row]:
    return await periods_held(session, scope, {M.THEME_PARTY_DAY})


@computation(
    "PARTY_LECTURE_HELD",
    "党课开展率：已上党课的“支部·季度”数 ÷ 应上党课的“支部·季度”数（仅计党支部；党委、党总支书记讲党课见"
    "“书记讲党课”；未结束且未上党课的季度不计）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def party_lecture_held(session: AsyncSession, scope: Scope) -> list[Row]:
    return await periods_held(session, scope, {M.PARTY_LECTURE}, {OrgType.BRANCH})


@computation(
    "ORG_LIFE_MEETING_HELD",
    "组织生活会召开率：在期间所在年度内已召开年度组织生活会的支部数 ÷ 该年度应召开的支部数"
    "（年度尚未结束且尚未召开的支部不计）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def org_life_meeting_held(session: AsyncSession, scope: Scope) -> list[Row]:
    return await periods_held(session, scope, {M.ORG_LIFE_MEETING}, asked=year_range(scope))
