from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.ids import to_global_id
from api.loaders import loader
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from domain.orglife import study_reads


@strawberry.type(description="学习专题（第一议题）：上级党委下发给其下全部组织学习的中央精神、上级指示")
class StudyTopic(Node):
    db_id: strawberry.Private[int]
    issuer_db_id: strawberry.Private[int]
    title: str = strawberry.field(description="专题名称")
    source: str | None = strawberry.field(description="来源文件")
    issued_on: date = strawberry.field(description="下发日期")
    due_on: date | None = strawberry.field(description="学习完成期限（可为空）")
    created_at: datetime = strawberry.field(description="登记时间 (UTC)")

    @strawberry.field(description="下发专题的党委")
    async def issuer(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.issuer_db_id)


def topic_from_row(row: Any) -> StudyTopic:
    return StudyTopic(
        id=strawberry.ID(to_global_id("StudyTopic", row.id)),
        db_id=row.id,
        issuer_db_id=row.issuer_org_id,
        title=row.title,
        source=row.source,
        issued_on=row.issued_on,
        due_on=row.due_on,
        created_at=row.created_at,
    )


async def _topics(info: ZInfo, ids: Sequence[int]) -> list[StudyTopic | None]:
    # Outside the actor's reach a topic reads as absent, exactly like one that does not exist.
    async with info.context.sessions() as session:
        found = await study_reads.topics_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [topic_from_row(found[i]) if i in found else None for i in ids]


def topic_loader(info: ZInfo) -> DataLoader[int, StudyTopic | None]:
    return loader(info, "orglife.topic", _topics)
