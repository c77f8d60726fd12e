"""Exporting the member list to Excel: the caller's scoped, filtered list, streamed, masked unless revealable.

Rows come from the database in keyset batches (reads.stream_members) and go to openpyxl's write-only
workbook, which keeps them in a temporary file, so memory holds one batch whatever the list's length.
"""

import asyncio
from collections.abc import Sequence
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.guard import require_visible
from authz.roles import Action, Resource
from domain import audit
from domain.errors import not_found
from domain.members import enums, reads
from domain.members.excel_layout import COLUMNS, DATA_SHEET, label
from domain.members.service import ID_NUMBER, PHONE
from domain.orgs.models import Organization, OrgType
from domain.personal_data import PersonalDataCipher

BATCH = 1000
HEADERS = ("所在党支部", *(column.header for column in COLUMNS), "记录状态", "出党或转出日期")
_LABELS: dict[str, Any] = {
    "gender": enums.GENDER_LABELS,
    "ethnicity": enums.ETHNICITY_LABELS,
    "education": enums.EDUCATION_LABELS,
    "category": enums.CATEGORY_LABELS,
    "status": enums.STATUS_LABELS,
    "special_state": enums.SPECIAL_STATE_LABELS,
}


def may_export_clear(actor: Actor, under: Organization) -> bool:
    """Clear personal data only if the actor may reveal it for every member the export can hold.

    Members are kept in branches, so below a branch the point check decides; above one, the reveal
    permission must cover the whole subtree (a node-only grant on a committee does not reach its branches).
    """
    if under.type == OrgType.BRANCH:
        return AUTHORIZER.can(actor, under.path, Resource.MEMBER, Action.REVEAL)
    return AUTHORIZER.can_cover_subtree(actor, under.path, Resource.MEMBER, Action.REVEAL)


class _Names:
    """Org names (branches and groups) for the rows, fetched once per batch for the ids not seen yet."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.names: dict[int, str] = {}

    async def load(self, rows: Sequence[Any]) -> None:
        wanted = {row.organization_id for row in rows} | {row.party_group_id for row in rows if row.party_group_id}
        missing = wanted - self.names.keys()
        if missing:
            found = await self.session.execute(
                select(Organization.id, Organization.name).where(Organization.id.in_(missing))  # type: ignore[call-overload,union-attr]
            )
            self.names.update({org_id: name for org_id, name in found})


def _line(row: Any, names: dict[int, str], cipher: PersonalDataCipher, clear: bool) -> list[Any]:
    values: dict[str, Any] = {column.field: getattr(row, column.field, None) for column in COLUMNS}
    for field, labels in _LABELS.items():
        values[field] = label(values[field], labels)
    if clear:
        values["id_number"] = cipher.decrypt(row.id_number_cipher, ID_NUMBER)
        values["phone"] = cipher.decrypt(row.phone_cipher, PHONE) if row.phone_cipher else None
    else:
        values["id_number"], values["phone"] = row.id_number_masked, row.phone_masked
    values["party_group"] = names.get(row.party_group_id) if row.party_group_id else None
    state = label(row.record_state, enums.RECORD_STATE_LABELS)
    return [names.get(row.organization_id), *(values[column.field] for column in COLUMNS), state, row.closed_on]


async def export_members(
    session: AsyncSession,
    *,
    actor: Actor,
    cipher: PersonalDataCipher,
    under_id: int,
    flt: reads.MemberFilter,
    order: reads.MemberOrder,
    target: IO[bytes],
) -> int:
    """Write the .xlsx of the members under the org to `target`; the number of rows written.

    Every export leaves an audit record when run through `audited`: the door does so, and the record says
    whether the ID and phone numbers left in clear (a reveal) or masked.
    """
    under = await session.get(Organization, under_id)
    if under is None:
        raise not_found("组织", field=["under"])
    require_visible(actor, under.path, Resource.ORGANIZATION, "组织", field="under")
    clear = may_export_clear(actor, under)
    audit.note(session, object_type="Member", org_id=under.id, org_path=under.path)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(DATA_SHEET)
    sheet.append(list(HEADERS))
    names, count, batch = _Names(session), 0, []
    async for row in reads.stream_members(session, actor=actor, under_path=under.path, flt=flt, order=order):
        batch.append(row)
        if len(batch) == BATCH:
            count += await _write(sheet, batch, names, cipher, clear)
    count += await _write(sheet, batch, names, cipher, clear)
    await asyncio.to_thread(book.save, target)  # zipping the sheet blocks: off the event loop
    used = {key: value for key, value in vars(flt).items() if value not in (None, (), [])}
    audit.note(session, changes={"rows": count, "revealed": ["id_number", "phone"] if clear else [], "filter": used})
    return count


async def _write(sheet: Any, batch: list[Any], names: _Names, cipher: PersonalDataCipher, clear: bool) -> int:
    await names.load(batch)

    def append() -> None:  # openpyxl's XML writing is CPU work: a worker thread does it
        for row in batch:
            sheet.append(_line(row, names.names, cipher, clear))

    await asyncio.to_thread(append)
    written = len(batch)
    batch.clear()
    return written
