"""The signed-in user's to-dos (待办): what the office platform embeds."""

from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry

from api.approvals.types import ApprovalRequest, approval_from_row
from api.context import ZInfo
from api.errors import raise_query_error
from api.pagination import Connection, connection
from api.permissions import Authenticated
from api.tasks.assignment_types import Assignment, assignment_from_row
from authz.actor import Actor
from domain.errors import DomainError
from domain.paging import PageRequest, page_request
from domain.tasks import todos

_FIRST = strawberry.argument(description="每页条数，最多 100")
_AFTER = strawberry.argument(description="上一页的 endCursor")


@strawberry.type(description="各类待办的数目（用于角标）")
class TodoCounts:
    approvals: int = strawberry.field(description="等待你审批的申请")
    assignments: int = strawberry.field(description="你负责的未完成任务（含被退回的）")
    returned: int = strawberry.field(description="被退回、须重新办理的任务")
    to_review: int = strawberry.field(description="已提交、等待你验收的任务")


@strawberry.type(description="你的待办：待审批、待办理、被退回、待验收")
class Todos:
    actor: strawberry.Private[Actor]

    @strawberry.field(description="等待你审批的申请（你提交的、你已审过前一步的除外），按提交先后")
    async def approvals(
        self, info: ZInfo, first: Annotated[int | None, _FIRST] = None, after: Annotated[str | None, _AFTER] = None
    ) -> Connection[ApprovalRequest]:
        request = _page(first, after, todos.APPROVAL_KEY)
        async with info.context.sessions() as session:
            page = await todos.approvals_page(session, actor=self.actor, page=request)
        return connection(page, [approval_from_row(row) for row in page.rows], self._count(info, "approvals"))

    @strawberry.field(
        description="你负责的未完成任务：你在其上持有任务编辑权限的组织的任务，及分解给你本人的子任务；期限近的在前"
    )
    async def assignments(
        self, info: ZInfo, first: Annotated[int | None, _FIRST] = None, after: Annotated[str | None, _AFTER] = None
    ) -> Connection[Assignment]:
        return await self._assignments(info, "assignments", first, after)

    @strawberry.field(description="被退回、须重新办理的任务（范围同 assignments）；期限近的在前")
    async def returned(
        self, info: ZInfo, first: Annotated[int | None, _FIRST] = None, after: Annotated[str | None, _AFTER] = None
    ) -> Connection[Assignment]:
        return await self._assignments(info, "returned", first, after)

    @strawberry.field(
        description="已提交、等待你验收的任务：你所在组织的计划下达的组织任务，及你所在组织分解给党员的子任务；期限近的在前"
    )
    async def to_review(
        self, info: ZInfo, first: Annotated[int | None, _FIRST] = None, after: Annotated[str | None, _AFTER] = None
    ) -> Connection[Assignment]:
        return await self._assignments(info, "to_review", first, after)

    @strawberry.field(description="各类待办的数目")
    async def counts(self, info: ZInfo) -> TodoCounts:
        async with info.context.sessions() as session:
            found = await todos.counts(session, actor=self.actor)
        return TodoCounts(**found)

    async def _assignments(
        self, info: ZInfo, part: str, first: int | None, after: str | None
    ) -> Connection[Assignment]:
        request = _page(first, after, todos.ASSIGNMENT_KEY)
        try:
            async with info.context.sessions() as session:
                page = await todos.assignments_page(session, actor=self.actor, part=part, page=request)
        except DomainError as error:
            raise_query_error(error)
        return connection(page, [assignment_from_row(row) for row in page.rows], self._count(info, part))

    def _count(self, info: ZInfo, part: str) -> Callable[[], Awaitable[int]]:
        async def count() -> int:
            async with info.context.sessions() as session:
                return await todos.count(session, actor=self.actor, part=part)

        return count


def _page(first: int | None, after: str | None, key: tuple[type, ...]) -> PageRequest:
    try:
        request = page_request(first, after, key=key)
    except DomainError as error:
        raise_query_error(error)
    return request


@strawberry.type
class TodoQueries:
    @strawberry.field(description="当前登录用户的待办", permission_classes=[Authenticated])
    def my_todos(self, info: ZInfo) -> Todos:
        return Todos(actor=info.context.require_actor())
