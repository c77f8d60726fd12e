"""The arithmetic of a meeting: attendance rates, the quorum of a vote and when a resolution passes, each at
its boundaries (DOMAIN.md: more than half of the entitled voters present; yes-votes from more than half of the
entitled full members, not of those present; probationary members have no vote)."""

import pytest

from domain.charts import rate as percent_of
from domain.errors import DomainError
from domain.members.enums import MemberStatus
from domain.orglife.meeting_rules import Decision, decided
from tests.fixtures import Api, Builder, gid
from tests.members_support import ledger
from tests.orglife_support import meeting_input, recorded, refused


@pytest.mark.parametrize(
    ("due", "present", "rate"),
    [
        (0, 0, 0.0),
        (1, 0, 0.0),
        (1, 1, 100.0),
        (3, 1, 33.3),
        (3, 2, 66.7),
        (8, 1, 12.5),
        (16, 1, 6.3),
        (6, 1, 16.7),
        (7, 7, 100.0),
        (2000, 1, 0.1),
        (2001, 1, 0.0),
    ],
)
def test_attendance_rate_is_a_percentage_with_one_decimal_rounded_half_up(due: int, present: int, rate: float) -> None:
    assert (percent_of(present, due) or 0.0) == rate


def _vote(votes_for: int, against: int = 0, abstain: int = 0) -> Decision:
    return Decision("表决事项", votes_for, against, abstain)


@pytest.mark.parametrize(
    ("entitled", "present", "meets"),
    [(4, 2, False), (4, 3, True), (5, 2, False), (5, 3, True), (1, 0, False), (1, 1, True), (0, 0, False)],
)
def test_a_vote_needs_more_than_half_of_the_entitled_voters_present(entitled: int, present: int, meets: bool) -> None:
    if meets:
        assert decided([_vote(0)], entitled=entitled, present_voters=present)[0]["entitled"] == entitled
    else:
        with pytest.raises(DomainError) as refusal:
            decided([_vote(0)], entitled=entitled, present_voters=present)
        assert (refusal.value.code, refusal.value.field) == ("QUORUM_NOT_MET", ["decisions"])


def test_decisions_without_votes_need_no_quorum() -> None:
    assert decided([Decision("通报情况")], entitled=5, present_voters=0) == [
        {
            "text": "通报情况",
            "votesFor": None,
            "votesAgainst": None,
            "abstentions": None,
            "entitled": None,
            "passed": None,
        }
    ]


@pytest.mark.parametrize(
    ("entitled", "votes_for", "passed"), [(4, 2, False), (4, 3, True), (5, 2, False), (5, 3, True)]
)
def test_a_resolution_passes_with_yes_votes_from_more_than_half_of_the_entitled(
    entitled: int, votes_for: int, passed: bool
) -> None:
    # Everyone entitled is present: the boundary is against the entitled, whoever abstains.
    found = decided([_vote(votes_for, 0, entitled - votes_for)], entitled=entitled, present_voters=entitled)
    assert found[0]["passed"] is passed


@pytest.mark.parametrize(
    ("counts", "valid"), [((2, 1, 0), True), ((2, 1, 1), False), ((0, 0, 0), True), ((3, 0, 0), True)]
)
def test_the_votes_cast_are_at_most_the_voters_present(counts: tuple[int, int, int], valid: bool) -> None:
    if valid:
        decided([_vote(*counts)], entitled=4, present_voters=3)
    else:
        with pytest.raises(DomainError) as refusal:
            decided([_vote(*counts)], entitled=4, present_voters=3)
        assert (refusal.value.code, refusal.value.field) == ("INVALID_VOTE_COUNTS", ["decisions", "0"])


async def test_a_branch_votes_through_the_endpoint(api: Api, build: Builder) -> None:
    """Four full members and a probationary one: 4 entitled voters, 3 of them must be present; a resolution
    needs 3 yes-votes even when only 3 voted."""
    book = await ledger(build)
    full = [gid("Member", (await book.add(f"正式{i}", f"1{i}1")).id) for i in range(4)]
    probationary = gid(
        "Member", (await book.add("预备", "201", status=MemberStatus.PROBATIONARY, converted_on=None)).id
    )
    token = book.token(book.secretary)

    def attending(*ids: str) -> list[dict[str, object]]:
        return [{"memberId": i, "present": True} for i in ids]

    vote = {"text": "接收预备党员", "votesFor": 2, "votesAgainst": 1, "abstentions": 0}
    await refused(
        api,
        build,
        meeting_input(book.branch, attendance=attending(*full[:2], probationary), decisions=[vote]),
        token,
        code="QUORUM_NOT_MET",
        field=["decisions"],
    )
    meeting = await recorded(
        api, build, meeting_input(book.branch, attendance=attending(*full[:3]), decisions=[vote]), token
    )
    assert meeting["decisions"][0] | {"text": None} == {
        "text": None,
        "votesFor": 2,
        "votesAgainst": 1,
        "abstentions": 0,
        "entitled": 4,
        "passed": False,
    }
    assert (meeting["dueCount"], meeting["presentCount"], meeting["attendanceRate"]) == (5, 3, 60.0)
    three = {**vote, "votesFor": 3, "votesAgainst": 0}
    meeting = await recorded(
        api, build, meeting_input(book.branch, attendance=attending(*full[:3]), decisions=[three]), token
    )
    assert meeting["decisions"][0]["passed"] is True
    await refused(
        api,
        build,
        meeting_input(
            book.branch, attendance=attending(*full[:3], probationary), decisions=[{**three, "abstentions": 1}]
        ),
        token,
        code="INVALID_VOTE_COUNTS",
        field=["decisions", "0"],
    )
