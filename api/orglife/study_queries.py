from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.orglife.study_types import StudyCoverage, StudyTopic, coverage_from, topic_from_row
from api.pagination import Connection, connection
from api.permissions import Authenticated
from domain.errors import DomainError
from domain.orglife import study_coverage, study_reads
from domain.orgs.reads import path_of
from domain.paging import page_request

_UNDER = "这个组织及其下级"


@strawberry.type
class StudyQueries:
    @strawberry.field(
        description="学习专题：下发到该组织的（由它或其上级党委下发）和在其下级下发的，新下发的在前；只含你有权查看的",
        permission_classes=[Authenticated],
    )
    async def study_topics(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description=_UNDER)],
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[StudyTopic]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=study_reads.PAGE_KEY)
            under_id = decode_id(under, "Organization", "under")
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or "/0/"  # no such org: an empty subtree
                page = await study_reads.list_topics(session, actor=actor, under_path=under_path, page=request)
        except DomainError as error:
            raise_query_error(error)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await study_reads.count_topics(session, actor=actor, under_path=under_path)

        return connection(page, [topic_from_row(row) for row in page.rows], count)

    @strawberry.field(
        description="一个学习专题在某组织及其下级的学习情况：哪些组织已学（会议和日期）、哪些未学、覆盖率",
        permission_classes=[Authenticated],
    )
    async def study_coverage(
        self,
        info: ZInfo,
        topic_id: Annotated[strawberry.ID, strawberry.argument(description="学习专题 ID")],
        under: Annotated[strawberry.ID, strawberry.argument(description=_UNDER)],
    ) -> StudyCoverage:
        actor = info.context.require_actor()
        try:
            topic_db_id = decode_id(topic_id, "StudyTopic", "topicId")
            under_id = decode_id(under, "Organization", "under")
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or "/0/"
                found = await study_coverage.study_coverage(
                    session, actor=actor, topic_id=topic_db_id, under_path=under_path
                )
        except DomainError as error:
            raise_query_error(error)
        return coverage_from(found)

    @strawberry.field(
        description="该组织尚未学习的学习专题（由它或其上级党委下发），期限早的在前，无期限的在后",
        permission_classes=[Authenticated],
    )
    async def unstudied_topics(
        self,
        info: ZInfo,
        organization_id: Annotated[strawberry.ID, strawberry.argument(description="组织 ID")],
    ) -> list[StudyTopic]:
        actor = info.context.require_actor()
        try:
            org_id = decode_id(organization_id, "Organization", "organizationId")
            async with info.context.sessions() as session:
                rows = await study_reads.unstudied_topics(session, actor=actor, organization_id=org_id)
        except DomainError as error:
            raise_query_error(error)
        return [topic_from_row(row) for row in rows]
