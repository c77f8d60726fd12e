from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.development.types import DevelopmentFile, file_from_row
from api.loaders import loader
from domain.development import reads


async def _files(info: ZInfo, ids: Sequence[int]) -> list[DevelopmentFile | None]:
    # Outside the actor's scope a file reads as absent, exactly like one that does not exist.
    async with info.context.sessions() as session:
        found = await reads.files_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [file_from_row(found[i]) if i in found else None for i in ids]


def file_loader(info: ZInfo) -> DataLoader[int, DevelopmentFile | None]:
    return loader(info, "development.file", _files)
