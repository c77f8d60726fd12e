"""Member development through GraphQL: the whole path from application to conversion, and reads."""

from sqlalchemy import select

from domain.audit.models import AuditRecord
from domain.development.models import DevelopmentFile
from tests.conftest import StatementLog
from tests.development_support import APPLICANT_ID, SCRIPT, make_path, script_index
from tests.fixtures import Api, Builder, gid
from tests.members_support import ledger

FILE = """query($id: ID!) { developmentFile(id: $id) { id name stage steps { number step } } }"""
FILES = """query($under: ID!, $stage: DevelopmentStage, $first: Int, $after: String) {
  developmentFiles(under: $under, stage: $stage, first: $first, after: $after) {
    totalCount nodes { name stage } pageInfo { hasNextPage endCursor } } }"""


async def test_from_application_to_conversion(api: Api, build: Builder) -> None:
    ledger_ = await ledger(build)
    path = await make_path(api, ledger_)
    secretary = ledger_.token(ledger_.secretary)  # the branch's own secretary records the branch's steps
    opened = await path.open(token=secretary)
    assert opened["errors"] == [], opened
    file = opened["file"]
    assert file["stage"] == "APPLICANT"
    assert file["idNumber"] == APPLICANT_ID[:6] + "********" + APPLICANT_ID[-4:]
    assert file["phone"] == "139****1111"
    assert [s["step"] for s in file["steps"]] == ["APPLICATION"]

    stages, ends = {}, {}
    for step, on, details in SCRIPT:
        approval = step in {"UPPER_PRE_REVIEW", "UPPER_TALK", "ADMISSION_APPROVAL", "CONVERSION_APPROVAL"}
        payload = await path.step(file["id"], step, on, None if approval else secretary, **path.details(step, details))
        assert payload["errors"] == [], (step, payload)
        stages[step] = payload["file"]["stage"]
        ends[step] = payload["file"]["probationEndsOn"]
    assert stages["ACTIVIST_DESIGNATION"] == "ACTIVIST"
    assert stages["TARGET_DESIGNATION"] == "TARGET"
    assert stages["ADMISSION_APPROVAL"] == "PROBATIONARY"
    assert stages["CONVERSION_APPROVAL"] == stages["ARCHIVING"] == "FULL"
    # The probation's end: none before admission (17), then the branch meeting's date (15) + 1 year.
    assert ends["ADMISSION_VOTE"] is None and ends["UPPER_TALK"] is None
    assert ends["ADMISSION_APPROVAL"] == ends["ARCHIVING"] == "2024-07-01"

    final = payload["file"]
    assert [s["number"] for s in final["steps"]] == [1, 2, 3, 4, 5, 6, 6, *range(7, 26)]
    assert final["member"] == {
        "id": final["member"]["id"],
        "status": "FULL",
        "joinedOn": "2023-07-01",  # the branch meeting's date (step 15)
        "convertedOn": "2024-07-01",
        "recordState": "ACTIVE",
        "leavingKind": None,
    }
    assert final["lateTalk"] is False
    by_step = {s["step"]: s["details"] for s in final["steps"]}
    assert by_step["INTRODUCERS_ASSIGNED"]["introducerIds"] == path.introducers
    assert by_step["CONTACTS_ASSIGNED"]["contactIds"] == path.contacts
    assert by_step["ADMISSION_VOTE"]["vote"] == {"entitled": 10, "present": 8, "yes": 6, "no": 1, "abstain": 1}
    assert by_step["SHORT_TRAINING"]["trainingDays"] == 3

    # One audit record per mutation, each naming the file.
    async with build.sessions() as session:
        records = (
            await session.execute(
                select(AuditRecord).where(AuditRecord.operation == "recordDevelopmentStep")  # type: ignore[arg-type]
            )
        ).scalars()
        assert {(r.object_type, r.result) for r in records} == {("DevelopmentFile", "OK")}
    assert await build.count(AuditRecord) >= len(SCRIPT) + 1


async def test_personal_data_is_encrypted_at_rest(api: Api, build: Builder) -> None:
    path = await make_path(api, await ledger(build))
    await path.opened()
    async with build.sessions() as session:
        stored = (await session.execute(select(DevelopmentFile))).scalar_one()
    assert APPLICANT_ID.encode() not in stored.id_number_cipher
    assert stored.phone_cipher is not None and b"13900001111" not in stored.phone_cipher


async def test_reads_are_scoped_and_paged(api: Api, build: Builder) -> None:
    ledger_ = await ledger(build)
    path = await make_path(api, ledger_)
    first = await path.opened(upto=script_index("ACTIVIST_DESIGNATION"))
    await path.opened(name="李小红", idNumber="110101199001011237", birthDate="1990-01-01")
    under = gid("Organization", ledger_.root.id)
    page = (await api.data(FILES, {"under": under, "first": 1}, path.token))["developmentFiles"]
    assert page["totalCount"] == 2 and page["nodes"] == [{"name": "李小红", "stage": "APPLICANT"}]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await api.data(FILES, {"under": under, "after": page["pageInfo"]["endCursor"]}, path.token)
    assert rest["developmentFiles"]["nodes"] == [{"name": "王小明", "stage": "ACTIVIST"}]
    activists = await api.data(FILES, {"under": under, "stage": "ACTIVIST"}, path.token)
    assert activists["developmentFiles"]["totalCount"] == 1

    # Outside the grants a file does not exist, in the list and by id alike.
    outsider = ledger_.token(ledger_.outsider)
    assert (await api.data(FILES, {"under": under}, outsider))["developmentFiles"]["totalCount"] == 0
    assert (await api.data(FILE, {"id": first}, outsider))["developmentFile"] is None
    mine = (await api.data(FILE, {"id": first}, ledger_.token(ledger_.auditor)))["developmentFile"]
    assert mine["stage"] == "ACTIVIST" and [s["number"] for s in mine["steps"]] == [1, 2, 3]
    node = await api.data("query($id: ID!) { node(id: $id) { id } }", {"id": first}, path.token)
    assert node["node"] == {"id": first}


async def test_timeline_of_a_page_costs_one_statement(api: Api, build: Builder, statements: StatementLog) -> None:
    ledger_ = await ledger(build)
    path = await make_path(api, ledger_)
    await path.opened(upto=3)
    await path.opened(upto=2, name="李小红", idNumber="110101199001011237", birthDate="1990-01-01")
    query = """query($under: ID!) { developmentFiles(under: $under) { nodes { name steps { number } } } }"""
    statements.clear()
    data = await api.data(query, {"under": gid("Organization", ledger_.root.id)}, path.token)
    assert [len(n["steps"]) for n in data["developmentFiles"]["nodes"]] == [3, 4]
    steps_reads = [s for s in statements.statements if "development_step" in s]
    assert len(steps_reads) == 1
