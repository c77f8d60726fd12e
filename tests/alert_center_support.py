"""A tree with one known cause of alert in every area, for the alert center tests: an applicant not talked
to (development), the root committee's term over (re-election), no meetings held (meetings missing), a
study topic past its due date, an overdue task of 第一党支部, and a red indicator value of 第二党支部 in the
indicator's latest period (and an older red one of 第一党支部 that must not count)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain.indicators.alert_scan import ScanResult, scan
from domain.indicators.models import Indicator, IndicatorModule, IndicatorScenario, IndicatorValue
from domain.orgs.models import Organization
from domain.tasks.models import Assignment
from domain.timeutil import add_years, today
from tests.development_support import OPEN, applicant
from tests.fixtures import Api, Builder, gid
from tests.orglife_study_support import topic
from tests.tasks_alert_support import approved_plan, assignment, plan_item
from tests.tasks_support import TaskTree, task_tree

FIELDS = """id level kind kindLabel area title dueOn firstSeenAt organization { name } subject { id }
  acknowledgements { note plannedFixOn acknowledgedBy } latestAcknowledgement { note }"""
ALERTS = f"""query($under: ID!, $level: AlertLevel, $kind: AlertKind, $org: ID, $first: Int, $after: String) {{
  alerts(under: $under, level: $level, kind: $kind, organizationId: $org, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {FIELDS} }} }} }}"""
SUMMARY = """query($under: ID!) { alertSummary(under: $under) {
  total byLevel { key label value percent } byKind { key label value } scannedAt } }"""
ACKNOWLEDGE = f"""mutation($input: AcknowledgeAlertInput!) {{ acknowledgeAlert(input: $input) {{
  alert {{ {FIELDS} }} errors {{ field message code }} }} }}"""


@dataclass
class AlertTree:
    tree: TaskTree
    day: date
    task: Assignment
    indicator: Indicator

    @property
    def book(self) -> Any:
        return self.tree.ledger

    @property
    def build(self) -> Builder:
        return self.tree.build


async def _saved(build: Builder, row: Any) -> Any:
    async with build.sessions() as session, session.begin():
        session.add(row)
        await session.flush()
        return row


async def _indicator(build: Builder) -> Indicator:
    module = await _saved(build, IndicatorModule(code="ORG", name="组织建设"))
    scenario = await _saved(build, IndicatorScenario(code="MEETINGS", module_id=module.id, name="三会一课"))
    row = Indicator(
        code="MEETING_COMPLIANCE",
        name="三会一课按期召开率",
        module_id=module.id,
        scenario_id=scenario.id,
        unit="PERCENT",
        direction="HIGHER",
        source="REPORTED",
        period="QUARTER",
        org_types=["BRANCH"],
        green=Decimal("95"),
        yellow=Decimal("80"),
        weight=Decimal("1"),
    )
    return await _saved(build, row)  # type: ignore[no-any-return]


async def red_value(
    build: Builder, indicator: Indicator, org: Organization, period: str, value: str, *, level: str = "RED"
) -> None:
    assert indicator.id is not None and org.id is not None
    row = IndicatorValue(
        indicator_id=indicator.id,
        organization_id=org.id,
        org_path=org.path,
        period=period,
        value=Decimal(value),
        level=level,
        source="REPORTED",
    )
    await _saved(build, row)


async def set_term(build: Builder, org: Organization, started: date) -> None:
    async with build.sessions() as session, session.begin():
        row = await session.get(Organization, org.id)
        assert row is not None
        row.term_started_on = started


async def alert_tree(api: Api, build: Builder) -> AlertTree:
    tree = await task_tree(build)
    book, day = tree.ledger, today()
    opened = await api.data(
        OPEN, {"input": applicant(book, appliedOn=(day - timedelta(days=70)).isoformat())}, book.token(book.org_admin)
    )
    assert opened["openDevelopmentFile"]["errors"] == []
    await set_term(build, book.root, add_years(day, -5) - timedelta(days=1))
    await topic(build, book.root, "学习贯彻全会精神", day - timedelta(days=40), day - timedelta(days=10))
    plan = await approved_plan(tree, day.year)
    item, _ = await plan_item(
        tree, plan, title="开展主题党日", starts_on=day - timedelta(days=60), due_on=day - timedelta(days=5)
    )
    task = await assignment(tree, item, book.branch)
    indicator = await _indicator(build)
    await red_value(build, indicator, book.branch, "2025Q4", "50")
    await red_value(build, indicator, book.branch2, "2026Q1", "62.5")
    await red_value(build, indicator, book.root, "2026Q1", "99", level="GREEN")  # only RED values count
    return AlertTree(tree=tree, day=day, task=task, indicator=indicator)


async def run_scan(build: Builder, day: date) -> ScanResult:
    async with build.sessions() as session, session.begin():
        return await scan(session, today=day)


async def center(api: Api, token: str, under: Organization, **variables: Any) -> Any:
    data = await api.data(ALERTS, {"under": gid("Organization", under.id), "first": 100, **variables}, token)
    return data["alerts"]


async def summary(api: Api, token: str, under: Organization) -> Any:
    return (await api.data(SUMMARY, {"under": gid("Organization", under.id)}, token))["alertSummary"]


async def acknowledge(api: Api, token: str, alert_id: str, note: str, planned: str | None = None) -> Any:
    variables = {"input": {"alertId": alert_id, "note": note, "plannedFixOn": planned}}
    return (await api.data(ACKNOWLEDGE, variables, token))["acknowledgeAlert"]
