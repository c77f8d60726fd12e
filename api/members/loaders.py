from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.loaders import loader
from api.members.types import Member, member_from_row
from domain.members import reads


async def _members(info: ZInfo, ids: Sequence[int]) -> list[Member | None]:
    # Outside the actor's scope a member reads as absent, exactly like one that does not exist.
    async with info.context.sessions() as session:
        found = await reads.members_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [member_from_row(found[i]) if i in found else None for i in ids]


def member_loader(info: ZInfo) -> DataLoader[int, Member | None]:
    return loader(info, "member", _members)
