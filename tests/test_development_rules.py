"""Each rule of member development refuses at its boundary, with its own code, and writes nothing."""

from datetime import date
from typing import Any

from tests.development_support import (
    APPLICANT_BIRTH,
    APPLICANT_ID,
    PASSING_VOTE,
    Path,
    make_path,
    refused_step,
    rows,
    script_index,
)
from tests.fixtures import Api, Builder, gid
from tests.members_support import ledger, make_id_number


async def _path(api: Api, build: Builder) -> Path:
    return await make_path(api, await ledger(build))


async def test_applicant_must_be_18_at_application(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    birth = "2004-03-02"
    number = make_id_number(birth=date(2004, 3, 2), seq="555")
    before = await rows(build)
    young = await path.open(birthDate=birth, idNumber=number, appliedOn="2022-03-01")
    assert [e["code"] for e in young["errors"]] == ["UNDER_AGE"] and await rows(build) == before
    adult = await path.open(birthDate=birth, idNumber=number, appliedOn="2022-03-02")
    assert adult["errors"] == []


async def test_steps_go_in_order(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    file_id = await path.opened()
    message = await refused_step(path, file_id, "ACTIVIST_DESIGNATION", "2022-04-01", code="STEP_OUT_OF_ORDER")
    assert "党组织派人谈话" in message
    await refused_step(path, file_id, "APPLICANT_TALK", "2022-02-28", code="STEP_OUT_OF_ORDER", talker="甲")
    await refused_step(path, file_id, "APPLICANT_TALK", "2022-03-10", code="DETAILS_REQUIRED")
    await path.advance(file_id, 1)
    await refused_step(path, file_id, "APPLICANT_TALK", "2022-03-10", code="STEP_ALREADY_RECORDED", talker="甲")
    # Merged steps may share a day: designation and filing on 2022-04-01 (SCRIPT does so).
    await path.advance(file_id, script_index("ACTIVIST_FILING"), start=1)


async def test_a_late_talk_is_allowed_and_flagged(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    on_time = await path.opened()
    payload = await path.step(on_time, "APPLICANT_TALK", "2022-04-01", talker="甲")  # one month after 2022-03-01
    assert payload["errors"] == [] and payload["file"]["lateTalk"] is False
    late = await path.opened(name="李小红", idNumber="110101199001011237", birthDate="1990-01-01")
    payload = await path.step(late, "APPLICANT_TALK", "2022-04-02", talker="甲")
    assert payload["errors"] == [] and payload["file"]["lateTalk"] is True


async def test_activist_for_a_year_before_target(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    file_id = await path.opened(upto=script_index("ACTIVIST_REVIEW"))  # activist since 2022-04-01
    message = await refused_step(path, file_id, "TARGET_DESIGNATION", "2023-03-31", code="INTERVAL_NOT_MET")
    assert "2023-04-01" in message
    assert (await path.step(file_id, "TARGET_DESIGNATION", "2023-04-01"))["errors"] == []


async def test_contacts_and_introducers_are_full_members_not_the_applicant(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    probationary = await path.ledger.add("预备党员", "311", status="PROBATIONARY", converted_on=None)
    file_id = await path.opened(upto=script_index("ACTIVIST_FILING"))
    contacts = path.contacts
    await refused_step(path, file_id, "CONTACTS_ASSIGNED", "2022-04-05", code="WRONG_NUMBER_OF_CONTACTS", contactIds=[])
    three = [*contacts, path.introducers[0]]
    await refused_step(
        path, file_id, "CONTACTS_ASSIGNED", "2022-04-05", code="WRONG_NUMBER_OF_CONTACTS", contactIds=three
    )
    await refused_step(
        path,
        file_id,
        "CONTACTS_ASSIGNED",
        "2022-04-05",
        code="NOT_A_FULL_MEMBER",
        contactIds=[gid("Member", probationary.id)],
    )
    await path.advance(file_id, script_index("TARGET_FILING"), start=script_index("ACTIVIST_FILING"))
    step, on = "INTRODUCERS_ASSIGNED", "2023-04-10"
    await refused_step(path, file_id, step, on, code="WRONG_NUMBER_OF_INTRODUCERS", introducerIds=contacts[:1])
    await refused_step(path, file_id, step, on, code="WRONG_NUMBER_OF_INTRODUCERS", introducerIds=contacts[:1] * 2)
    mixed = [contacts[0], gid("Member", probationary.id)]
    await refused_step(path, file_id, step, on, code="NOT_A_FULL_MEMBER", introducerIds=mixed)


async def test_the_applicant_cannot_introduce_himself(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    file_id = await path.opened(upto=script_index("ACTIVIST_FILING"))
    # The same person entered in the ledger after the file was opened (a mistake, or an import).
    himself = await path.ledger.add(
        "王小明", "777", birth=APPLICANT_BIRTH, joined_on=date(2019, 1, 1), converted_on=date(2020, 1, 1)
    )
    assert himself.id_number_masked == APPLICANT_ID[:6] + "********" + APPLICANT_ID[-4:]
    await refused_step(
        path,
        file_id,
        "CONTACTS_ASSIGNED",
        "2022-04-05",
        code="NOT_A_FULL_MEMBER",
        contactIds=[gid("Member", himself.id)],
    )


async def test_training_of_three_days_or_24_hours(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    file_id = await path.opened(upto=script_index("POLITICAL_REVIEW"))
    step, on = "SHORT_TRAINING", "2023-05-10"
    await refused_step(path, file_id, step, on, code="TRAINING_NOT_ENOUGH", trainingDays=2, trainingHours=23)
    assert (await path.step(file_id, step, on, trainingHours=24))["errors"] == []


async def test_branch_meeting_quorum_and_pass_rule(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    file_id = await path.opened(upto=script_index("APPLICATION_FORM"))
    step, on = "ADMISSION_VOTE", "2023-07-01"
    await refused_step(path, file_id, step, on, code="DETAILS_REQUIRED")
    half_present = {"entitled": 10, "present": 5, "yes": 5, "no": 0, "abstain": 0}
    await refused_step(path, file_id, step, on, code="QUORUM_NOT_MET", vote=half_present)
    # Exactly half of the entitled voting yes fails, even though it is most of those present.
    half_yes = {"entitled": 10, "present": 6, "yes": 5, "no": 0, "abstain": 1}
    await refused_step(path, file_id, step, on, code="VOTE_NOT_PASSED", vote=half_yes)
    too_many = {"entitled": 10, "present": 6, "yes": 6, "no": 1, "abstain": 0}
    await refused_step(path, file_id, step, on, code="INVALID_VOTE_COUNTS", vote=too_many)
    one_more = {"entitled": 10, "present": 6, "yes": 6, "no": 0, "abstain": 0}
    assert (await path.step(file_id, step, on, vote=one_more))["errors"] == []


async def test_upper_approval_within_three_months_or_six_with_a_reason(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    file_id = await path.opened(upto=script_index("UPPER_TALK"))  # branch meeting on 2023-07-01
    step = "ADMISSION_APPROVAL"
    await refused_step(path, file_id, step, "2024-01-02", code="APPROVAL_OVERDUE", specialReason="材料补充")
    message = await refused_step(path, file_id, step, "2023-10-02", code="SPECIAL_REASON_REQUIRED")
    assert "2023-10-01" in message
    payload = await path.step(file_id, step, "2024-01-01", specialReason="上级党委换届，延期审批")
    assert payload["errors"] == [] and payload["file"]["member"]["joinedOn"] == "2023-07-01"
    other = await path.opened(
        upto=script_index("UPPER_TALK"), name="李小红", idNumber="110101199001011237", birthDate="1990-01-01"
    )
    assert (await path.step(other, step, "2023-10-01"))["errors"] == []


async def test_conversion_not_before_probation_ends_and_one_extension(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    file_id = await path.opened(upto=script_index("CONVERSION_APPLICATION"))  # probation from 2023-07-01
    assert (await path.step(file_id, "CONVERSION_VOTE", "2024-06-20", vote=PASSING_VOTE))["errors"] == []
    message = await refused_step(path, file_id, "CONVERSION_APPROVAL", "2024-06-30", code="PROBATION_NOT_ENDED")
    assert "2024-07-01" in message
    extend = """mutation($input: ExtendProbationInput!) { extendProbation(input: $input) {
      file { extensionMonths extensionReason probationEndsOn } errors { code } } }"""

    async def extension(months: int) -> dict[str, Any]:
        data = await path.api.data(
            extend, {"input": {"fileId": file_id, "months": months, "reason": "需继续考察"}}, path.token
        )
        result: dict[str, Any] = data["extendProbation"]
        return result

    assert [e["code"] for e in (await extension(5))["errors"]] == ["INVALID_EXTENSION"]
    assert [e["code"] for e in (await extension(13))["errors"]] == ["INVALID_EXTENSION"]
    assert (await extension(6))["file"] == {
        "extensionMonths": 6,
        "extensionReason": "需继续考察",
        "probationEndsOn": "2025-01-01",  # the meeting's date + 1 year + the 6 months
    }
    assert [e["code"] for e in (await extension(6))["errors"]] == ["EXTENSION_ALREADY_USED"]
    await refused_step(path, file_id, "CONVERSION_APPROVAL", "2024-12-31", code="PROBATION_NOT_ENDED")
    assert (await path.step(file_id, "CONVERSION_APPROVAL", "2025-01-01"))["errors"] == []


async def test_a_failed_conversion_vote_closes_the_probation(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    file_id = await path.opened(upto=script_index("CONVERSION_APPLICATION"))
    failed = {**PASSING_VOTE, "yes": 5, "no": 2, "abstain": 1}
    await refused_step(path, file_id, "CONVERSION_VOTE", "2024-07-01", code="VOTE_NOT_PASSED", vote=failed)
    close = """mutation($input: CloseDevelopmentFileInput!) { closeDevelopmentFile(input: $input) {
      file { stage closedReason member { recordState leavingKind leavingReason } } errors { code } } }"""
    empty = await path.api.data(close, {"input": {"fileId": file_id, "reason": " "}}, path.token)
    assert [e["code"] for e in empty["closeDevelopmentFile"]["errors"]] == ["REASON_REQUIRED"]
    data = await path.api.data(close, {"input": {"fileId": file_id, "reason": "转正表决未通过"}}, path.token)
    assert data["closeDevelopmentFile"]["file"] == {
        "stage": "CLOSED",
        "closedReason": "转正表决未通过",
        "member": {"recordState": "LEFT", "leavingKind": "PROBATION_CANCELLED", "leavingReason": "转正表决未通过"},
    }
    await refused_step(path, file_id, "CONVERSION_VOTE", "2024-07-01", code="FILE_CLOSED", vote=PASSING_VOTE)


async def test_one_file_in_progress_per_person_and_none_for_a_member(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    file_id = await path.opened()
    before = await rows(build)
    again = await path.open(appliedOn="2022-05-01")
    assert [(e["code"], e["field"]) for e in again["errors"]] == [("FILE_IN_PROGRESS", ["idNumber"])]
    member = await path.open(idNumber=make_id_number(birth=date(1990, 1, 1), seq="301"), birthDate="1990-01-01")
    assert [e["code"] for e in member["errors"]] == ["ALREADY_A_MEMBER"]  # 培养人甲 is in the ledger
    assert await rows(build) == before
    close = "mutation($i: CloseDevelopmentFileInput!) { closeDevelopmentFile(input: $i) { errors { code } } }"
    closed = await api.data(close, {"i": {"fileId": file_id, "reason": "本人撤回"}}, path.token)
    assert closed["closeDevelopmentFile"]["errors"] == []
    assert (await path.open(appliedOn="2023-05-01"))["errors"] == []  # a new application, in a new file


async def test_contacts_outside_the_actors_sight_are_refused_alike(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    outsider = await path.ledger.actor(path.ledger.outsider)
    elsewhere = await path.ledger.add("外单位党员", "321", org=path.ledger.other_branch, writer=outsider)
    file_id = await path.opened(upto=script_index("ACTIVIST_FILING"))
    hidden = [gid("Member", elsewhere.id)]
    await refused_step(path, file_id, "CONTACTS_ASSIGNED", "2022-04-05", code="NOT_A_FULL_MEMBER", contactIds=hidden)


async def test_probation_is_cancelled_only_through_the_file(api: Api, build: Builder) -> None:
    path = await _path(api, build)
    member = await path.ledger.add("预备党员", "331", status="PROBATIONARY", converted_on=None)
    leave = """mutation($input: RecordLeavingInput!) { recordLeaving(input: $input) { errors { code field } } }"""
    values = {
        "memberId": gid("Member", member.id),
        "kind": "PROBATION_CANCELLED",
        "leftOn": "2024-01-01",
        "reason": "x",
    }
    data = await api.data(leave, {"input": values}, path.token)
    assert data["recordLeaving"]["errors"] == [{"code": "INVALID_INPUT", "field": ["kind"]}]
