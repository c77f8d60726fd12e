from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.pagination import Connection, connection
from api.permissions import Authenticated
from api.tasks.template_types import TaskTemplate, template_from_row, template_loader
from domain.errors import DomainError
from domain.orgs.reads import path_of
from domain.paging import make_page, page_request
from domain.tasks import template_reads


@strawberry.type
class TemplateQueries:
    @strawberry.field(
        description="任务模板（最新版本）：该组织及其上级党委的任务库（该组织的计划可用），以及其下级党委的任务库；"
        "只含你有权查看的，按模板创建顺序",
        permission_classes=[Authenticated],
    )
    async def task_templates(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="这个组织")],
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[TaskTemplate]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=template_reads.PAGE_KEY)
            under_id = decode_id(under, "Organization", "under")
            after_lineage = int(request.after[0]) if request.after else None
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or "/0/"  # no such org: an empty subtree
                rows = await template_reads.list_templates(
                    session, actor=actor, under_path=under_path, first=request.first, after=after_lineage
                )
        except DomainError as error:
            raise_query_error(error)
        page = make_page(rows, request, lambda row: [row.lineage_id])

        async def count() -> int:
            async with info.context.sessions() as session:
                return await template_reads.count_templates(session, actor=actor, under_path=under_path)

        found = [template_from_row(row) for row in page.rows]
        for template in found:
            template_loader(info).prime(template.db_id, template)
        return connection(page, found, count)
