"""Development alerts at each boundary date (today is a parameter), and the funnel against a hand count."""

from datetime import date

import pytest

from domain.alerts import AlertLevel
from domain.development.alerts import FileFacts, alert_for
from domain.development.enums import DevelopmentStage
from domain.development.rules import DevelopmentRules
from tests.development_support import SCRIPT, make_path, script_index
from tests.fixtures import Api, Builder, gid
from tests.members_support import ledger, make_id_number

RULES = DevelopmentRules()
RED, YELLOW, GREEN = AlertLevel.RED, AlertLevel.YELLOW, AlertLevel.GREEN
APPLICANT = FileFacts(1, 2, "王小明", DevelopmentStage.APPLICANT, applied_on=date(2026, 1, 31))
ACTIVIST = FileFacts(1, 2, "王小明", DevelopmentStage.ACTIVIST, date(2025, 1, 1), activist_on=date(2025, 3, 1))
REVIEWED = FileFacts(1, 2, "王小明", DevelopmentStage.ACTIVIST, date(2025, 1, 1), date(2025, 1, 5), date(2025, 3, 1),
                     last_review_on=date(2025, 8, 20))  # fmt: skip
VOTED = FileFacts(1, 2, "王小明", DevelopmentStage.TARGET, date(2024, 1, 1), meeting_on=date(2026, 1, 15))
PROBATION = FileFacts(1, 2, "王小明", DevelopmentStage.PROBATIONARY, date(2024, 1, 1), meeting_on=date(2025, 7, 1))
EXTENDED = FileFacts(1, 2, "王小明", DevelopmentStage.PROBATIONARY, date(2024, 1, 1), meeting_on=date(2025, 7, 1),
                     extension_months=6)  # fmt: skip


@pytest.mark.parametrize(
    ("facts", "today", "kind", "due_on", "level"),
    [
        # The talk: yellow during the month after application (to 28 Feb, the end of the shorter month), then red.
        (APPLICANT, date(2026, 1, 31), "DEVELOPMENT_TALK_DUE", date(2026, 2, 28), YELLOW),
        (APPLICANT, date(2026, 2, 28), "DEVELOPMENT_TALK_DUE", date(2026, 2, 28), YELLOW),
        (APPLICANT, date(2026, 3, 1), "DEVELOPMENT_TALK_DUE", date(2026, 2, 28), RED),
        # The review: every 6 months from designation, yellow 30 days before.
        (ACTIVIST, date(2025, 7, 31), "DEVELOPMENT_REVIEW_DUE", date(2025, 9, 1), GREEN),
        (ACTIVIST, date(2025, 8, 2), "DEVELOPMENT_REVIEW_DUE", date(2025, 9, 1), YELLOW),
        (ACTIVIST, date(2025, 9, 1), "DEVELOPMENT_REVIEW_DUE", date(2025, 9, 1), YELLOW),
        (ACTIVIST, date(2025, 9, 2), "DEVELOPMENT_REVIEW_DUE", date(2025, 9, 1), RED),
        (REVIEWED, date(2025, 9, 2), "DEVELOPMENT_REVIEW_DUE", date(2026, 2, 20), GREEN),  # from the last review
        # The approval: on track to 3 months after the branch meeting, red after.
        (VOTED, date(2026, 4, 15), "DEVELOPMENT_APPROVAL_OVERDUE", date(2026, 4, 15), GREEN),
        (VOTED, date(2026, 4, 16), "DEVELOPMENT_APPROVAL_OVERDUE", date(2026, 4, 15), RED),
        # Conversion: yellow from 30 days before probation ends, red once it has ended without a decision.
        (PROBATION, date(2026, 5, 31), "DEVELOPMENT_CONVERSION_DUE", date(2026, 7, 1), GREEN),
        (PROBATION, date(2026, 6, 1), "DEVELOPMENT_CONVERSION_DUE", date(2026, 7, 1), YELLOW),
        (PROBATION, date(2026, 7, 1), "DEVELOPMENT_CONVERSION_DUE", date(2026, 7, 1), YELLOW),
        (PROBATION, date(2026, 7, 2), "DEVELOPMENT_CONVERSION_DUE", date(2026, 7, 1), RED),
        (EXTENDED, date(2026, 7, 2), "DEVELOPMENT_CONVERSION_DUE", date(2027, 1, 1), GREEN),
    ],
)
def test_levels_at_each_boundary(facts: FileFacts, today: date, kind: str, due_on: date, level: AlertLevel) -> None:
    alert = alert_for(facts, RULES, today)
    assert alert is not None
    assert (alert.kind, alert.due_on, alert.level) == (kind, due_on, level)
    assert alert.title.startswith("王小明：") and due_on.isoformat() in alert.title


def test_nothing_is_due_once_the_step_is_recorded() -> None:
    talked = FileFacts(1, 2, "王小明", DevelopmentStage.APPLICANT, date(2026, 1, 1), talk_on=date(2026, 3, 1))
    approved = FileFacts(1, 2, "王小明", DevelopmentStage.TARGET, date(2024, 1, 1), meeting_on=date(2026, 1, 15),
                         approved_on=date(2026, 2, 1))  # fmt: skip
    for facts in (talked, approved, FileFacts(1, 2, "王", DevelopmentStage.FULL, date(2020, 1, 1))):
        assert alert_for(facts, RULES, date(2026, 11, 1)) is None


FUNNEL = "query($under: ID!, $year: Int) { developmentFunnel(under: $under, year: $year) { key value percent } }"
ALERTS = """query($under: ID!, $level: AlertLevel, $first: Int, $after: String) {
  developmentAlerts(under: $under, level: $level, first: $first, after: $after) {
    totalCount nodes { level kind dueOn title organization { name } subject { id } }
    pageInfo { hasNextPage endCursor } } }"""


async def test_funnel_and_alerts_of_a_subtree(api: Api, build: Builder) -> None:
    path = await make_path(api, await ledger(build))
    people = [(make_id_number(birth=date(1990, m, m), seq="42" + str(m)), f"1990-0{m}-0{m}") for m in (1, 2, 3)]
    # By hand: 2022 — one activist, one full member (via the whole path); 2023 — one applicant; one closed.
    activist = await path.opened(upto=script_index("CONTACTS_ASSIGNED"))
    full = await path.opened(upto=len(SCRIPT), idNumber=people[0][0], birthDate=people[0][1], name="甲")
    applicant = await path.opened(idNumber=people[1][0], birthDate=people[1][1], name="乙", appliedOn="2023-05-01")
    closed = await path.opened(idNumber=people[2][0], birthDate=people[2][1], name="丙", appliedOn="2023-06-01")
    close = "mutation($i: CloseDevelopmentFileInput!) { closeDevelopmentFile(input: $i) { errors { code } } }"
    assert (await api.data(close, {"i": {"fileId": closed, "reason": "本人撤回"}}, path.token))["closeDevelopmentFile"][
        "errors"
    ] == []
    under = gid("Organization", path.ledger.root.id)

    async def funnel(year: int | None) -> dict[str, int]:
        data = await api.data(FUNNEL, {"under": under, "year": year}, path.token)
        return {p["key"]: p["value"] for p in data["developmentFunnel"]}

    zero = dict.fromkeys(["APPLICANT", "ACTIVIST", "TARGET", "PROBATIONARY", "FULL", "CLOSED"], 0)
    assert await funnel(None) == {**zero, "APPLICANT": 1, "ACTIVIST": 1, "FULL": 1, "CLOSED": 1}
    assert await funnel(2022) == {**zero, "ACTIVIST": 1, "FULL": 1}
    assert await funnel(2023) == {**zero, "APPLICANT": 1, "CLOSED": 1}
    outsider = path.ledger.token(path.ledger.outsider)
    hidden = (await api.data(FUNNEL, {"under": under}, outsider))["developmentFunnel"]
    assert len(hidden) == 6 and {(p["value"], p["percent"]) for p in hidden} == {(0, 0.0)}

    # Today (2026 and later) the applicant's talk and the activist's review are long overdue: both red.
    data = (await api.data(ALERTS, {"under": under, "first": 1}, path.token))["developmentAlerts"]
    assert data["totalCount"] == 2 and data["pageInfo"]["hasNextPage"] is True
    first = data["nodes"][0]
    assert first["level"] == "RED" and first["kind"] == "DEVELOPMENT_REVIEW_DUE" and first["dueOn"] == "2022-10-01"
    assert first["subject"] == {"id": activist} and first["organization"] == {"name": "第一党支部"}
    rest = await api.data(ALERTS, {"under": under, "after": data["pageInfo"]["endCursor"]}, path.token)
    assert [(n["kind"], n["subject"]["id"]) for n in rest["developmentAlerts"]["nodes"]] == [
        ("DEVELOPMENT_TALK_DUE", applicant)
    ]
    yellow = await api.data(ALERTS, {"under": under, "level": "YELLOW"}, path.token)
    assert yellow["developmentAlerts"]["totalCount"] == 0
    assert (await api.data(ALERTS, {"under": under}, outsider))["developmentAlerts"]["totalCount"] == 0
    assert full  # a converted file has nothing due
