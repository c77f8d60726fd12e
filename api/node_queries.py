"""`node(id:)` and `nodes(ids:)`: any entity by global ID, through the same loaders and scopes."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry

from api.accounts.types import user_from_row
from api.approvals.types import approval_loader
from api.context import ZInfo
from api.development.loaders import file_loader
from api.errors import PublicError
from api.ids import parse_global_id
from api.indicators.loaders import alert_loader, indicator_loader
from api.members.loaders import member_loader
from api.members.transfers import transfer_loader
from api.node import Node
from api.orglife.meeting_loaders import meeting_row_loader
from api.orglife.meeting_types import meeting_from_row
from api.orglife.study_types import topic_loader
from api.orglife.term_loaders import election_loader
from api.orglife.term_types import election_from_row
from api.orgs.loaders import org_loader
from api.permissions import Authenticated
from api.tasks.assignment_types import assignment_loader
from api.tasks.plan_item_types import item_loader
from api.tasks.plan_types import plan_loader
from api.tasks.template_types import template_loader
from domain.accounts.service import visible_user


async def _user(info: ZInfo, db_id: int) -> Node | None:
    async with info.context.sessions() as session:
        user = await visible_user(session, actor=info.context.require_actor(), user_id=db_id)
    return user_from_row(user) if user else None


async def _org(info: ZInfo, db_id: int) -> Node | None:
    return await org_loader(info).load(db_id)


async def _member(info: ZInfo, db_id: int) -> Node | None:
    return await member_loader(info).load(db_id)


async def _development_file(info: ZInfo, db_id: int) -> Node | None:
    return await file_loader(info).load(db_id)


async def _study_topic(info: ZInfo, db_id: int) -> Node | None:
    return await topic_loader(info).load(db_id)


async def _election(info: ZInfo, db_id: int) -> Node | None:
    row = await election_loader(info).load(db_id)
    return election_from_row(row) if row is not None else None


async def _meeting(info: ZInfo, db_id: int) -> Node | None:
    row = await meeting_row_loader(info).load(db_id)
    return meeting_from_row(row) if row is not None else None


async def _assignment(info: ZInfo, db_id: int) -> Node | None:
    return await assignment_loader(info).load(db_id)


async def _approval(info: ZInfo, db_id: int) -> Node | None:
    return await approval_loader(info).load(db_id)


async def _plan(info: ZInfo, db_id: int) -> Node | None:
    return await plan_loader(info).load(db_id)


async def _plan_item(info: ZInfo, db_id: int) -> Node | None:
    return await item_loader(info).load(db_id)


async def _task_template(info: ZInfo, db_id: int) -> Node | None:
    return await template_loader(info).load(db_id)


async def _transfer(info: ZInfo, db_id: int) -> Node | None:
    return await transfer_loader(info).load(db_id)


async def _indicator(info: ZInfo, db_id: int) -> Node | None:
    return await indicator_loader(info).load(db_id)


async def _center_alert(info: ZInfo, db_id: int) -> Node | None:
    return await alert_loader(info).load(db_id)


RESOLVERS: dict[str, Callable[[ZInfo, int], Awaitable[Node | None]]] = {
    "Organization": _org,
    "User": _user,
    "Member": _member,
    "Transfer": _transfer,
    "DevelopmentFile": _development_file,
    "StudyTopic": _study_topic,
    "Meeting": _meeting,
    "Election": _election,
    "Plan": _plan,
    "PlanItem": _plan_item,
    "TaskTemplate": _task_template,
    "Approval": _approval,
    "Assignment": _assignment,
    "Indicator": _indicator,
    "CenterAlert": _center_alert,
}


async def resolve_node(info: ZInfo, id: str) -> Node | None:
    parsed = parse_global_id(id)
    if parsed is None:
        raise PublicError("无效的 ID", "INVALID_ID")
    resolver = RESOLVERS.get(parsed[0])
    return await resolver(info, parsed[1]) if resolver else None


@strawberry.type
class NodeQueries:
    @strawberry.field(description="按全局 ID 取任意对象；不存在或无权查看时为空", permission_classes=[Authenticated])
    async def node(
        self, info: ZInfo, id: Annotated[strawberry.ID, strawberry.argument(description="全局 ID")]
    ) -> Node | None:
        return await resolve_node(info, id)

    @strawberry.field(description="按全局 ID 批量取对象，最多 100 个", permission_classes=[Authenticated])
    async def nodes(
        self, info: ZInfo, ids: Annotated[list[strawberry.ID], strawberry.argument(description="全局 ID 列表")]
    ) -> list[Node | None]:
        if len(ids) > 100:
            raise PublicError("一次最多取 100 个对象", "INVALID_PAGE_SIZE")
        if any(parse_global_id(i) is None for i in ids):
            raise PublicError("无效的 ID", "INVALID_ID")
        # Side by side, so that the IDs of one type share one DataLoader batch instead of a statement each.
        return list(await asyncio.gather(*(resolve_node(info, i) for i in ids)))
