"""Study-topic alerts at each boundary (today is a parameter): nothing 15 days before the deadline, yellow
from 14 days before to the deadline itself, red the day after; a year past the deadline they stop."""

from datetime import date, timedelta

import pytest

from domain.alerts import Alert, AlertLevel
from domain.orglife.rules import OrgLifeRules
from domain.orglife.study_alerts import alert_level, study_alerts
from tests.conftest import StatementLog
from tests.fixtures import Builder
from tests.orglife_study_support import StudyTree, studied, study_tree, topic

DUE = date(2026, 12, 31)
RULES = OrgLifeRules()
RED, YELLOW = AlertLevel.RED, AlertLevel.YELLOW


@pytest.mark.parametrize(
    ("today", "level"),
    [
        (DUE - timedelta(days=15), None),
        (DUE - timedelta(days=14), YELLOW),
        (DUE, YELLOW),
        (DUE + timedelta(days=1), RED),
        (DUE + timedelta(days=365), RED),
    ],
)
def test_levels_at_each_boundary(today: date, level: AlertLevel | None) -> None:
    assert alert_level(DUE, today, RULES.study_alert_days) == level


def test_the_window_is_configurable() -> None:
    assert alert_level(DUE, DUE - timedelta(days=7), 7) == YELLOW
    assert alert_level(DUE, DUE - timedelta(days=8), 7) is None
    assert alert_level(DUE, DUE, 0) == YELLOW


async def _alerts(tree: StudyTree, who: str, under: object, today: date, rules: OrgLifeRules = RULES) -> list[Alert]:
    book = tree.book
    actor = await book.actor(getattr(tree, who) if who == "sub_admin" else getattr(book, who))
    async with tree.build.sessions() as session:
        return await study_alerts(session, actor=actor, under_path=under.path, rules=rules, today=today)  # type: ignore[attr-defined]


async def test_each_unstudied_expected_org_gets_an_alert_at_each_boundary(build: Builder) -> None:
    tree = await study_tree(build)
    book = tree.book
    topic_id = await topic(build, book.root, "学习全会精神", date(2026, 11, 1), DUE)
    await topic(build, book.root, "无期限的专题", date(2026, 11, 1))  # no deadline, no alert
    for org in (book.root, book.branch, tree.general_one, tree.sub):
        await studied(build, org, topic_id, date(2026, 11, 10))
    await studied(build, book.group, topic_id, date(2026, 11, 10))  # a group's study stands for nobody

    assert await _alerts(tree, "org_admin", book.root, DUE - timedelta(days=15)) == []
    for today, level, kind in (
        (DUE - timedelta(days=14), YELLOW, "STUDY_TOPIC_DUE_SOON"),
        (DUE, YELLOW, "STUDY_TOPIC_DUE_SOON"),
        (DUE + timedelta(days=1), RED, "STUDY_TOPIC_OVERDUE"),
    ):
        found = await _alerts(tree, "org_admin", book.root, today)
        # Not studied: 第二党支部, 机关党总支, 机关二支部, 二级支部 (the dissolved branch is not expected).
        expected_orgs = {book.branch2.id, tree.general.id, tree.general_two.id, tree.sub_branch.id}
        assert {a.org_id for a in found} == expected_orgs
        assert {(a.level, a.kind, a.due_on, a.subject_type, a.subject_id) for a in found} == {
            (level, kind, DUE, "StudyTopic", topic_id)
        }
        assert found == sorted(found, key=Alert.sort_key)
    titles = {a.org_id: a.title for a in await _alerts(tree, "org_admin", book.root, DUE + timedelta(days=1))}
    assert titles[book.branch2.id or 0] == "第二党支部：第一议题“学习全会精神”已超过期限 2026-12-31 仍未学习"
    titles = {a.org_id: a.title for a in await _alerts(tree, "org_admin", book.root, DUE)}
    assert titles[tree.sub_branch.id or 0] == "二级支部：第一议题“学习全会精神”尚未学习，应于 2026-12-31 前完成"
    # A wider window from the rules starts yellow earlier.
    wider = OrgLifeRules(study_alert_days=30)
    assert len(await _alerts(tree, "org_admin", book.root, DUE - timedelta(days=30), wider)) == 4


async def test_alerts_stay_in_scope_and_stop_a_year_after_the_deadline(build: Builder) -> None:
    tree = await study_tree(build)
    book = tree.book
    await topic(build, book.root, "学习全会精神", date(2026, 11, 1), DUE)
    late = DUE + timedelta(days=1)
    # Under a subtree, or seen by a reader of part of the tree: only those orgs.
    assert {a.org_id for a in await _alerts(tree, "org_admin", tree.general, late)} == {
        tree.general.id,
        tree.general_one.id,
        tree.general_two.id,
    }
    assert {a.org_id for a in await _alerts(tree, "secretary", book.root, late)} == {book.branch.id}
    assert {a.org_id for a in await _alerts(tree, "sub_admin", book.root, late)} == {tree.sub.id, tree.sub_branch.id}
    assert await _alerts(tree, "outsider", book.root, late) == []
    assert await _alerts(tree, "outsider", book.other_branch, late) == []
    # A year after the deadline (inclusive) it still shows; a day later it is left to the coverage report.
    assert len(await _alerts(tree, "org_admin", book.root, DUE + timedelta(days=365))) == 8
    assert await _alerts(tree, "org_admin", book.root, DUE + timedelta(days=366)) == []


async def test_alerts_cost_one_statement_whatever_the_tree(build: Builder, statements: StatementLog) -> None:
    tree = await study_tree(build)
    book = tree.book
    for i in range(3):
        await topic(build, book.root, f"专题{i}", date(2026, 11, 1), DUE)
    await topic(build, tree.sub, "二级党委的专题", date(2026, 11, 1), DUE)
    actor = await book.actor(book.org_admin)
    async with build.sessions() as session:
        statements.clear()
        found = await study_alerts(session, actor=actor, under_path=book.root.path, rules=RULES, today=DUE)
    assert len(found) == 3 * 8 + 2 and statements.count == 1, statements.statements
