"""Per-request loaders of meeting rows and their parts: a page of meetings costs one statement per part,
whatever its size. They return rows; meeting_types.py turns them into GraphQL objects."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.loaders import loader
from domain.accounts import service as accounts
from domain.orglife import meeting_reads as reads


async def _meetings(info: ZInfo, ids: Sequence[int]) -> list[Any | None]:
    # Outside the actor's scope a meeting reads as absent, exactly like one that does not exist.
    async with info.context.sessions() as session:
        found = await reads.meetings_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [found.get(i) for i in ids]


async def _users(info: ZInfo, ids: Sequence[int]) -> list[Any | None]:
    async with info.context.sessions() as session:
        found = await accounts.visible_users(session, actor=info.context.require_actor(), ids=ids)
    return [found.get(i) for i in ids]


def meeting_row_loader(info: ZInfo) -> DataLoader[int, Any | None]:
    return loader(info, "orglife.meeting", _meetings)


def user_row_loader(info: ZInfo) -> DataLoader[int, Any | None]:
    return loader(info, "orglife.user", _users)


def _parts(
    info: ZInfo, name: str, read: Callable[[AsyncSession, Sequence[int]], Awaitable[dict[int, list[Any]]]]
) -> DataLoader[int, list[Any]]:
    async def batch(info: ZInfo, meeting_ids: Sequence[int]) -> list[list[Any]]:
        # The meetings were read through a scoped read already: their parts need no scope of their own.
        async with info.context.sessions() as session:
            found = await read(session, meeting_ids)
        return [found.get(i, []) for i in meeting_ids]

    return loader(info, name, batch)


def attendance_loader(info: ZInfo) -> DataLoader[int, list[Any]]:
    return _parts(info, "orglife.meeting.attendance", lambda s, ids: reads.attendance_of(s, meeting_ids=ids))


def agenda_loader(info: ZInfo) -> DataLoader[int, list[Any]]:
    return _parts(info, "orglife.meeting.agenda", lambda s, ids: reads.agenda_of(s, meeting_ids=ids))


def studies_loader(info: ZInfo) -> DataLoader[int, list[Any]]:
    return _parts(info, "orglife.meeting.studies", lambda s, ids: reads.studies_of(s, meeting_ids=ids))


def attachments_loader(info: ZInfo) -> DataLoader[int, list[Any]]:
    return _parts(info, "orglife.meeting.attachments", lambda s, ids: reads.attachments_of(s, meeting_ids=ids))


def revisions_loader(info: ZInfo) -> DataLoader[int, list[Any]]:
    return _parts(info, "orglife.meeting.revisions", lambda s, ids: reads.revisions_of(s, meeting_ids=ids))
