"""What the member-development tests share: an applicant, the 25 steps of a valid path, the mutations as a
client sends them, and the proof that a refused step wrote nothing."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from domain.development.models import DevelopmentFile, DevelopmentStepRecord
from domain.members.models import Member
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger, make_id_number

APPLICANT_BIRTH = date(2000, 1, 1)
APPLICANT_ID = make_id_number(birth=APPLICANT_BIRTH, seq="777")
FILE_FIELDS = """id name idNumber phone stage appliedOn lateTalk extensionMonths extensionReason closedOn closedReason
  probationEndsOn version organization { id } member { id status joinedOn convertedOn recordState leavingKind }
  steps { step number on label details { talker contactIds introducerIds review politicalReviewResult
    trainingDays trainingHours vote { entitled present yes no abstain } specialReason note } }"""
PAYLOAD = f"file {{ {FILE_FIELDS} }} errors {{ field message code }}"
OPEN = f"mutation($input: OpenDevelopmentFileInput!) {{ openDevelopmentFile(input: $input) {{ {PAYLOAD} }} }}"
RECORD = f"mutation($input: RecordDevelopmentStepInput!) {{ recordDevelopmentStep(input: $input) {{ {PAYLOAD} }} }}"
EXTEND = f"mutation($input: ExtendProbationInput!) {{ extendProbation(input: $input) {{ {PAYLOAD} }} }}"
CLOSE = f"mutation($input: CloseDevelopmentFileInput!) {{ closeDevelopmentFile(input: $input) {{ {PAYLOAD} }} }}"
PASSING_VOTE = {"entitled": 10, "present": 8, "yes": 6, "no": 1, "abstain": 1}


def applicant(ledger: Ledger, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "branchId": gid("Organization", ledger.branch.id),
        "name": "王小明",
        "gender": "MALE",
        "ethnicity": "HAN",
        "birthDate": APPLICANT_BIRTH.isoformat(),
        "idNumber": APPLICANT_ID,
        "phone": "13900001111",
        "category": "EMPLOYED",
        "appliedOn": "2022-03-01",
    }
    values.update(overrides)
    return values


# A valid path (details by step; contacts and introducers are filled in by the Path).
SCRIPT: list[tuple[str, str, dict[str, Any]]] = [
    ("APPLICANT_TALK", "2022-03-10", {"talker": "支部书记 赵一"}),
    ("ACTIVIST_DESIGNATION", "2022-04-01", {}),
    ("ACTIVIST_FILING", "2022-04-01", {}),
    ("CONTACTS_ASSIGNED", "2022-04-05", {}),
    ("ACTIVIST_REVIEW", "2022-10-01", {"review": "表现良好"}),
    ("ACTIVIST_REVIEW", "2023-03-20", {"review": "继续培养"}),
    ("TARGET_DESIGNATION", "2023-04-01", {}),
    ("TARGET_FILING", "2023-04-01", {}),
    ("INTRODUCERS_ASSIGNED", "2023-04-10", {}),
    ("POLITICAL_REVIEW", "2023-05-01", {"politicalReviewResult": "合格"}),
    ("SHORT_TRAINING", "2023-05-10", {"trainingDays": 3}),
    ("BRANCH_COMMITTEE_REVIEW", "2023-06-01", {}),
    ("UPPER_PRE_REVIEW", "2023-06-05", {}),
    ("APPLICATION_FORM", "2023-06-10", {}),
    ("ADMISSION_VOTE", "2023-07-01", {"vote": PASSING_VOTE}),
    ("UPPER_TALK", "2023-07-15", {"talker": None}),
    ("ADMISSION_APPROVAL", "2023-09-01", {}),
    ("ADMISSION_FILING", "2023-09-05", {}),
    ("PLACEMENT", "2023-09-06", {}),
    ("OATH", "2023-09-10", {}),
    ("CONTINUED_EDUCATION", "2024-03-01", {}),
    ("CONVERSION_APPLICATION", "2024-06-01", {}),
    ("CONVERSION_VOTE", "2024-07-01", {"vote": PASSING_VOTE}),
    ("CONVERSION_APPROVAL", "2024-07-01", {}),
    ("ARCHIVING", "2024-07-10", {}),
]


def script_index(step: str) -> int:
    """The position in SCRIPT just past the last entry of `step`."""
    return max(i for i, (name, _, _) in enumerate(SCRIPT) if name == step) + 1


@dataclass
class Path:
    api: Api
    ledger: Ledger
    contacts: list[str]
    introducers: list[str]

    @property
    def token(self) -> str:
        """The ORG_ADMIN of the committee above the branch: may record every step, approvals included."""
        return self.ledger.token(self.ledger.org_admin)

    async def open(self, token: str | None = None, **overrides: Any) -> dict[str, Any]:
        data = await self.api.data(OPEN, {"input": applicant(self.ledger, **overrides)}, token or self.token)
        payload: dict[str, Any] = data["openDevelopmentFile"]
        return payload

    async def step(self, file_id: str, step: str, on: str, token: str | None = None, **details: Any) -> dict[str, Any]:
        values = {"fileId": file_id, "step": step, "on": on, **{k: v for k, v in details.items() if v is not None}}
        data = await self.api.data(RECORD, {"input": values}, token or self.token)
        payload: dict[str, Any] = data["recordDevelopmentStep"]
        return payload

    def details(self, step: str, details: dict[str, Any]) -> dict[str, Any]:
        if step == "CONTACTS_ASSIGNED":
            return {"contactIds": self.contacts, **details}
        if step == "INTRODUCERS_ASSIGNED":
            return {"introducerIds": self.introducers, **details}
        return details

    async def advance(self, file_id: str, upto: int, start: int = 0) -> dict[str, Any]:
        """Records SCRIPT[start:upto]; every step must be accepted."""
        payload: dict[str, Any] = {}
        for step, on, details in SCRIPT[start:upto]:
            payload = await self.step(file_id, step, on, **self.details(step, details))
            assert payload["errors"] == [], (step, payload)
        return payload

    async def opened(self, upto: int = 0, **overrides: Any) -> str:
        """A new file, advanced through SCRIPT[:upto]; returns its id."""
        payload = await self.open(**overrides)
        assert payload["errors"] == [], payload
        file_id: str = payload["file"]["id"]
        await self.advance(file_id, upto)
        return file_id


async def make_path(api: Api, ledger: Ledger) -> Path:
    contacts = [await ledger.add("培养人甲", "301"), await ledger.add("培养人乙", "303")]
    introducers = [await ledger.add("介绍人甲", "305"), await ledger.add("介绍人乙", "307")]
    return Path(
        api=api,
        ledger=ledger,
        contacts=[gid("Member", m.id) for m in contacts],
        introducers=[gid("Member", m.id) for m in introducers],
    )


async def rows(build: Builder) -> list[tuple[Any, ...]]:
    """Every development file, step and member row, every column: the proof that a refusal wrote nothing."""
    found: list[tuple[Any, ...]] = []
    async with build.sessions() as session:
        for model in (DevelopmentFile, DevelopmentStepRecord, Member):
            table: Any = getattr(model, "__table__")  # noqa: B009 - SQLModel's metaclass hides it from mypy
            found += [tuple(row) for row in await session.execute(select(table).order_by(table.c.id))]
    return found


async def refused_step(
    path: Path, file_id: str, step: str, on: str, *, code: str, token: str | None = None, **details: Any
) -> str:
    """Refused with this code, nothing written; returns the message."""
    build = path.ledger.build
    before, trail = await rows(build), len(await build.audit_records())
    payload = await path.step(file_id, step, on, token, **details)
    assert [e["code"] for e in payload["errors"]] == [code], payload
    assert payload["file"] is None
    assert await rows(build) == before
    # The refusal leaves its own audit record, naming the file unless the file is not the caller's to see.
    kind = None if code == "NOT_FOUND" else "DevelopmentFile"
    records = (await build.audit_records())[trail:]
    assert [(r.operation, r.result, r.object_type) for r in records] == [("recordDevelopmentStep", code, kind)]
    message: str = payload["errors"][0]["message"]
    return message
