"""The unified alert center: a scan gathers every area's alerts into one list with counts by level and
kind; a rescan drops what was fixed and keeps the rest with their acknowledgements."""

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import update

from domain.alerts import AlertLevel
from domain.indicators.models import AlertAcknowledgement, AlertRecord, AlertScan
from domain.tasks.models import Assignment
from tests.alert_center_support import AlertTree, acknowledge, alert_tree, center, run_scan, summary
from tests.fixtures import Api, Builder, gid


def _kinds(nodes: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(n["kind"], n["level"], n["organization"]["name"]) for n in nodes}


async def test_every_area_appears_after_a_scan_with_its_counts(api: Api, build: Builder) -> None:
    at = await alert_tree(api, build)
    book = at.book
    assert await summary(api, book.token(book.org_admin), book.root) == {
        "total": 0,
        "byLevel": [
            {"key": "RED", "label": "红色：已逾期", "value": 0, "percent": 0.0},
            {"key": "YELLOW", "label": "黄色：即将到期", "value": 0, "percent": 0.0},
            {"key": "GREEN", "label": "绿色：正常", "value": 0, "percent": 0.0},
        ],
        "byKind": [],
        "scannedAt": None,
    }
    result = await run_scan(build, at.day)
    assert result.added == result.found and result.removed == 0
    found = await center(api, book.token(book.org_admin), book.root)
    nodes = found["nodes"]
    kinds = _kinds(nodes)
    assert ("DEVELOPMENT_TALK_DUE", "RED", "第一党支部") in kinds
    assert ("REELECTION_DUE", "RED", "集团党委") in kinds
    assert ("MEETING_MISSING", "RED", "第二党支部") in kinds
    assert ("TASK_OVERDUE", "RED", "第一党支部") in kinds
    studies = sorted(org for kind, level, org in kinds if kind == "STUDY_TOPIC_OVERDUE" and level == "RED")
    assert studies == ["第一党支部", "第二党支部", "集团党委"]
    red = [n for n in nodes if n["kind"] == "INDICATOR_RED"]
    assert [(n["organization"]["name"], n["title"], n["dueOn"], n["area"]) for n in red] == [
        (
            "第二党支部",
            "第二党支部：指标“三会一课按期召开率”2026Q1 为 62.5%，处于红色区间（目标 95%）",
            "2026-03-31",
            "INDICATORS",
        )
    ]
    assert next(n for n in nodes if n["kind"] == "TASK_OVERDUE")["subject"]["id"] == gid("Assignment", at.task.id)
    # The list is in the shared order: most severe, then earliest due.
    order = [(["RED", "YELLOW", "GREEN"].index(n["level"]), n["dueOn"]) for n in nodes]
    assert order == sorted(order)
    # The counts: exactly what the list holds, by level and by kind, and what the scan reported.
    counted = await summary(api, book.token(book.org_admin), book.root)
    assert counted["total"] == found["totalCount"] == len(nodes)
    levels = Counter(n["level"] for n in nodes)
    assert {p["key"]: p["value"] for p in counted["byLevel"]} == {lv: levels.get(lv, 0) for lv in AlertLevel}
    by_kind = {p["key"]: p["value"] for p in counted["byKind"]}
    assert by_kind == dict(Counter(n["kind"] for n in nodes))
    assert by_kind["DEVELOPMENT_TALK_DUE"] == by_kind["TASK_OVERDUE"] == by_kind["INDICATOR_RED"] == 1
    assert by_kind["STUDY_TOPIC_OVERDUE"] == 3 and by_kind["REELECTION_DUE"] == 1
    assert counted["scannedAt"] is not None
    assert result.by_area["INDICATORS"] == 1 and result.by_area["DEVELOPMENT"] == 1
    assert await build.count(AlertScan) == 1


async def test_a_rescan_drops_what_was_fixed_and_keeps_the_rest(api: Api, build: Builder) -> None:
    at = await alert_tree(api, build)
    book = at.book
    await run_scan(build, at.day)
    token = book.token(book.org_admin)
    before = {n["kind"] + n["title"]: n for n in (await center(api, token, book.root))["nodes"]}
    study = next(n for n in before.values() if n["kind"] == "STUDY_TOPIC_OVERDUE")
    acknowledged = await acknowledge(api, token, study["id"], "已安排下周支部学习", at.day.isoformat())
    assert acknowledged["errors"] == []
    async with build.sessions() as session, session.begin():
        await session.execute(update(Assignment).where(Assignment.id == at.task.id).values(status="ACCEPTED"))  # type: ignore[arg-type]
    again = await run_scan(build, at.day)
    assert (again.added, again.removed) == (0, 1)
    after = {n["kind"] + n["title"]: n for n in (await center(api, token, book.root))["nodes"]}
    assert {n["kind"] for n in before.values()} - {n["kind"] for n in after.values()} == {"TASK_OVERDUE"}
    assert set(before) - set(after) == {k for k, n in before.items() if n["kind"] == "TASK_OVERDUE"}
    for key, node in after.items():  # the same alerts, first seen when they were first seen
        assert (node["id"], node["firstSeenAt"]) == (before[key]["id"], before[key]["firstSeenAt"])
    kept = after[study["kind"] + study["title"]]
    assert kept["acknowledgements"] == [
        {"note": "已安排下周支部学习", "plannedFixOn": at.day.isoformat(), "acknowledgedBy": "org.admin"}
    ]
    assert await build.count(AlertScan) == 2
    assert await build.count(AlertRecord) == len(after) + await _outside(build, at)


async def _outside(build: Builder, at: AlertTree) -> int:
    """Alerts of 外单位党委's subtree: stored too, but not under the root asked about."""
    async with build.sessions() as session:
        rows = (await session.execute(AlertRecord.__table__.select())).all()  # type: ignore[attr-defined]
    return len([r for r in rows if not r.org_path.startswith(at.book.root.path)])


async def test_an_acknowledged_red_alert_stays_with_its_note(api: Api, build: Builder) -> None:
    at = await alert_tree(api, build)
    book = at.book
    await run_scan(build, at.day)
    token = book.token(at.tree.branch2_secretary)
    red = (await center(api, token, book.root, kind="INDICATOR_RED"))["nodes"]
    assert len(red) == 1 and red[0]["latestAcknowledgement"] is None
    payload = await acknowledge(api, token, red[0]["id"], "已制定整改方案", date(2099, 1, 31).isoformat())
    assert payload["errors"] == []
    assert payload["alert"]["latestAcknowledgement"] == {"note": "已制定整改方案"}
    again = (await center(api, token, book.root, level="RED", kind="INDICATOR_RED"))["nodes"]
    assert [(n["id"], n["level"], n["acknowledgements"]) for n in again] == [
        (
            red[0]["id"],
            "RED",
            [{"note": "已制定整改方案", "plannedFixOn": "2099-01-31", "acknowledgedBy": "branch2.secretary"}],
        )
    ]
    await run_scan(build, at.day)
    assert (await center(api, token, book.root, kind="INDICATOR_RED"))["nodes"][0]["acknowledgements"][0]["note"] == (
        "已制定整改方案"
    )
    records = await build.audit_records()
    assert (records[-1].operation, records[-1].result, records[-1].object_type) == (
        "acknowledgeAlert",
        "OK",
        "AlertAcknowledgement",
    )
    assert await build.count(AlertAcknowledgement) == 1
