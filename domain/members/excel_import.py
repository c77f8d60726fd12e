"""Importing members from Excel: every row checked by the rules of createMember, all or nothing, in batches.

One pass over the sheet: openpyxl's parsing is the largest cost (about 0.3 ms a row), so the file is
read once. Rows are checked and, while the file is clean, inserted a batch at a time in the caller's
transaction; the first bad row stops the inserts, the rest is still checked so that every bad row is
reported, and the refusal (ImportRefused) rolls back whatever went in. Memory stays at one batch.
"""

import asyncio
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from domain import audit
from domain.errors import DomainError
from domain.members.enums import OrgChangeReason, RecordState
from domain.members.errors import MemberError
from domain.members.excel_layout import BY_API_FIELD, COLUMNS, EXAMPLE_MARK, Column
from domain.members.excel_sheet import CellError, Sheet, Unreadable, cell_value
from domain.members.models import Member, MemberOrgHistory
from domain.members.service import MemberFields, branch_for_members, member_values
from domain.orgs.models import Organization, OrgType
from domain.personal_data import PersonalDataCipher
from domain.timeutil import today, utcnow

BATCH = 500
MAX_REPORTED_ERRORS = 1000
MEMBER = Member.__table__  # type: ignore[attr-defined]
HISTORY = MemberOrgHistory.__table__  # type: ignore[attr-defined]
_NAME = COLUMNS[0]
_GROUP = BY_API_FIELD["partyGroupId"]
_ID_NUMBER = BY_API_FIELD["idNumber"]


@dataclass(frozen=True)
class RowError:
    row: int | None  # the Excel row number; None for the file as a whole
    column: str | None  # the Chinese header
    code: str
    message: str


@dataclass
class ImportReport:
    dry_run: bool
    rows_read: int = 0
    rows_valid: int = 0
    rows_imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    errors_truncated: bool = False  # more than MAX_REPORTED_ERRORS: the rest are counted, not listed
    invalid_rows: int = 0

    def add(self, error: RowError) -> None:
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)
        else:
            self.errors_truncated = True


class ImportRefused(DomainError):
    """The file, or a row of it, breaks a rule: nothing is imported and the report says where."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(MemberError.IMPORT_REFUSED, "导入文件有错误，未导入任何数据")
        self.report = report


@dataclass
class _Valid:
    row: int
    values: dict[str, Any]
    group_id: int | None


class _Import:
    def __init__(
        self, session: AsyncSession, branch: Organization, groups: dict[str, int], cipher: PersonalDataCipher
    ) -> None:
        self.session, self.branch, self.groups, self.cipher = session, branch, groups, cipher
        self.day, self.now = today(), utcnow()
        self.positions: dict[Column, int] = {}
        self.seen: dict[str, int] = {}  # keyed hash of an ID number -> the first row that has it

    def next_batch(self, sheet: Sheet, report: ImportReport) -> list[_Valid] | None:
        """The rows of the next batch that keep every rule (the others are reported); None at the end."""
        rows = sheet.take(BATCH)
        if not rows:
            return None
        name_at = self.positions[_NAME]
        checked = []
        for number, cells in rows:
            name = cells[name_at] if name_at < len(cells) else None
            if isinstance(name, str) and name.strip().startswith(EXAMPLE_MARK):
                continue  # the template's example row
            report.rows_read += 1
            row = self.check(number, cells, report)
            if row is not None:
                checked.append(row)
        return checked

    def check(self, number: int, cells: tuple[Any, ...], report: ImportReport) -> _Valid | None:
        """The row's column values if it keeps every rule; otherwise its errors go to the report."""
        parsed, errors = self._cells(number, cells)
        group_id = self._group(number, parsed.pop(_GROUP.field, None), errors)
        values = None
        if all(error.column == _GROUP.header for error in errors):
            values = self._values(number, parsed, errors)
        if values is not None:
            first = self.seen.setdefault(values["id_number_key"], number)
            if first != number:
                message = f"与第 {first} 行的身份证号重复"
                errors.append(RowError(number, _ID_NUMBER.header, MemberError.DUPLICATE_IN_FILE, message))
        for error in errors:
            report.add(error)
        report.invalid_rows += bool(errors)
        return _Valid(number, values, group_id) if values is not None and not errors else None

    def _cells(self, number: int, cells: tuple[Any, ...]) -> tuple[dict[str, Any], list[RowError]]:
        parsed: dict[str, Any] = {}
        errors: list[RowError] = []
        for column, index in self.positions.items():
            try:
                parsed[column.field] = cell_value(column, cells[index] if index < len(cells) else None)
            except CellError as error:
                errors.append(RowError(number, column.header, error.code, error.message))
        return parsed, errors

    def _group(self, number: int, name: str | None, errors: list[RowError]) -> int | None:
        if name is None:
            return None
        group_id = self.groups.get(name)
        if group_id is None:
            message = f"本支部下没有名为「{name}」的党小组"
            errors.append(RowError(number, _GROUP.header, MemberError.NOT_A_GROUP_OF_BRANCH, message))
        return group_id

    def _values(self, number: int, parsed: dict[str, Any], errors: list[RowError]) -> dict[str, Any] | None:
        """The same check and the same column values as createMember (service.member_values)."""
        try:
            fields = MemberFields(**{key: value for key, value in parsed.items() if value is not None})
            return member_values(fields, self.cipher, self.day)
        except DomainError as error:
            column = BY_API_FIELD.get(error.field[0]) if error.field else None
            errors.append(RowError(number, column.header if column else None, str(error.code), error.message))
            return None

    async def known(self, rows: list[_Valid], report: ImportReport) -> list[_Valid]:
        """The rows whose ID number is not in the system yet; the others are reported."""
        keys = [row.values["id_number_key"] for row in rows]
        taken = set(
            (
                await self.session.execute(select(MEMBER.c.id_number_key).where(MEMBER.c.id_number_key.in_(keys)))
            ).scalars()
        )
        for row in rows:
            if row.values["id_number_key"] in taken:
                report.add(
                    RowError(row.row, _ID_NUMBER.header, MemberError.DUPLICATE_ID_NUMBER, "系统中已有该身份证号的党员")
                )
                report.invalid_rows += 1
        return [row for row in rows if row.values["id_number_key"] not in taken]

    async def insert(self, rows: list[_Valid]) -> None:
        branch = self.branch
        fixed = {
            "organization_id": branch.id,
            "org_path": branch.path,
            "record_state": RecordState.ACTIVE,
            "version": 1,
        }
        members = [
            {**row.values, **fixed, "party_group_id": row.group_id, "created_at": self.now, "updated_at": self.now}
            for row in rows
        ]
        # Matched by the unique keyed hash, not by position: ordered RETURNING costs SQLite one statement a row.
        statement = insert(MEMBER).returning(MEMBER.c.id_number_key, MEMBER.c.id)
        ids: dict[str, int] = {key: member_id for key, member_id in await self.session.execute(statement, members)}
        history = [
            {
                "member_id": ids[row.values["id_number_key"]],
                "organization_id": branch.id,
                "started_on": row.values["joined_on"],
                "reason": OrgChangeReason.IMPORTED,
                "ended_on": None,
                "outside_unit": None,
                "transfer_id": None,
            }
            for row in rows
        ]
        await self.session.execute(insert(HISTORY), history)


async def _groups(session: AsyncSession, branch_id: int | None) -> dict[str, int]:
    rows = await session.execute(
        select(Organization.id, Organization.name).where(  # type: ignore[call-overload]
            Organization.parent_id == branch_id,
            Organization.type == OrgType.GROUP,
            Organization.dissolved_on.is_(None),  # type: ignore[union-attr]
        )
    )
    return {name: group_id for group_id, name in rows}


async def import_members(
    session: AsyncSession,
    *,
    actor: Actor,
    cipher: PersonalDataCipher,
    organization_id: int,
    workbook: bytes,
    dry_run: bool,
) -> ImportReport:
    """Import the sheet into the branch, or (dry_run) only check it. Raises ImportRefused with the report."""
    audit.note(session, object_type="Member", changes={"dry_run": dry_run})
    branch, _ = await branch_for_members(session, actor, organization_id, None)
    run = _Import(session, branch, await _groups(session, branch.id), cipher)
    report = ImportReport(dry_run=dry_run)
    sheet = Sheet(workbook)
    try:
        run.positions = await asyncio.to_thread(sheet.open)
        missing = [column for column in COLUMNS if column.required and column not in run.positions]
        for column in missing:
            message = f"缺少必填列「{column.header}」"
            report.add(RowError(sheet.header_row, column.header, MemberError.MISSING_COLUMN, message))
        # Reading and checking a batch is CPU work in openpyxl and the cipher: a worker thread does it.
        while not missing and (checked := await asyncio.to_thread(run.next_batch, sheet, report)) is not None:
            await _store(run, checked, report)
    except Unreadable as error:
        report.add(RowError(None, None, MemberError.INVALID_WORKBOOK, str(error)))
    finally:
        sheet.close()
    if not report.errors and report.rows_read == 0:
        report.add(RowError(None, None, MemberError.INVALID_WORKBOOK, "文件中没有党员数据行"))
    if report.errors:
        report.rows_imported = 0
        audit.note(session, changes={"rows_read": report.rows_read, "invalid_rows": report.invalid_rows})
        raise ImportRefused(report)
    audit.note(
        session,
        changes={"organization": branch.name, "rows_valid": report.rows_valid, "rows_imported": report.rows_imported},
    )
    return report


async def _store(run: _Import, checked: list[_Valid], report: ImportReport) -> None:
    valid = await run.known(checked, report) if checked else []
    report.rows_valid += len(valid)
    if report.dry_run or report.errors or not valid:
        return
    try:
        await run.insert(valid)
    except IntegrityError as error:
        if "id_number_key" not in str(error.orig).lower():
            raise
        # Another request registered one of these ID numbers since the check above.
        report.add(
            RowError(
                None,
                _ID_NUMBER.header,
                MemberError.DUPLICATE_ID_NUMBER,
                "导入期间系统中新登记了文件中的身份证号，请重新导入",
            )
        )
        raise ImportRefused(report) from error
    report.rows_imported += len(valid)
