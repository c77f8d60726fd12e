from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.orglife.compliance_types import (
    InactiveMember,
    MemberAttendance,
    OrgComplianceConnection,
    attendance_from_row,
    inactive_from_row,
    org_compliance_from,
    summary_from,
)
from api.pagination import Connection, connection
from api.permissions import Authenticated
from domain.errors import DomainError
from domain.orglife import attendance, compliance, config
from domain.orgs.reads import path_of
from domain.paging import Page, encode_cursor, page_request
from domain.timeutil import today

NOWHERE = "/0/"  # an org that does not exist: an empty subtree, like every list's


@strawberry.type
class ComplianceQueries:
    @strawberry.field(
        description="三会一课落实情况：一个组织及其下级（你有权查看的）在所查年度、季度或月份中各项会议要求的"
        "召开情况，按组织树的顺序分页，附全部组织的汇总",
        permission_classes=[Authenticated],
    )
    async def meeting_compliance(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="统计这个组织及其下级")],
        year: Annotated[int, strawberry.argument(description="年度")],
        quarter: Annotated[int | None, strawberry.argument(description="季度（1–4）；与月份至多给出一个")] = None,
        month: Annotated[int | None, strawberry.argument(description="月份（1–12）；与季度至多给出一个")] = None,
        only_missing: Annotated[bool, strawberry.argument(description="只列出有缺失的组织")] = False,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> OrgComplianceConnection:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=(str,))
            under_id = decode_id(under, "Organization", "under")
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or NOWHERE
                found = await compliance.meeting_compliance(
                    session,
                    actor=actor,
                    under_path=under_path,
                    year=year,
                    quarter=quarter,
                    month=month,
                    today=today(),
                )
        except DomainError as error:
            raise_query_error(error)
        # Every org is evaluated for the summary anyway; the list is filtered and cut here, by path (tree order).
        listed = [o for o in found if o.missing] if only_missing else found
        rest = [o for o in listed if request.after is None or o.org.path > request.after[0]]
        rows = rest[: request.first]
        page = Page(rows=rows, has_next_page=len(rest) > len(rows), cursors=[encode_cursor([o.org.path]) for o in rows])
        total = len(listed)

        async def count() -> int:
            return total

        paged = connection(page, [org_compliance_from(o) for o in rows], count)
        return OrgComplianceConnection(
            edges=paged.edges,
            page_info=paged.page_info,
            count_total=count,
            summary=summary_from(compliance.summarize(found)),
        )

    @strawberry.field(
        description="党员参加组织生活的情况：一个组织及其下级的在册党员在所查期间应参加、实际出席的会议次数和出席率，"
        "按姓名排列",
        permission_classes=[Authenticated],
    )
    async def member_attendance(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="这个组织及其下级的党员")],
        year: Annotated[int, strawberry.argument(description="年度")],
        quarter: Annotated[int | None, strawberry.argument(description="季度（1–4）；与月份至多给出一个")] = None,
        month: Annotated[int | None, strawberry.argument(description="月份（1–12）；与季度至多给出一个")] = None,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[MemberAttendance]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=attendance.PAGE_KEY)
            under_id = decode_id(under, "Organization", "under")
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or NOWHERE
                page = await attendance.member_attendance(
                    session, actor=actor, under_path=under_path, year=year, quarter=quarter, month=month, page=request
                )
        except DomainError as error:
            raise_query_error(error)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await attendance.count_roll(session, actor=actor, under_path=under_path)

        return connection(page, [attendance_from_row(row) for row in page.rows], count)

    @strawberry.field(
        description="连续多月（规则中的月数，默认 6）未参加组织生活的在册党员，按姓名排列",
        permission_classes=[Authenticated],
    )
    async def inactive_members(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="这个组织及其下级的党员")],
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[InactiveMember]:
        actor = info.context.require_actor()
        day = today()
        try:
            request = page_request(first, after, key=attendance.PAGE_KEY)
            under_id = decode_id(under, "Organization", "under")
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or NOWHERE
                rules = await config.current_rules(session)
                page = await attendance.inactive_members(
                    session, actor=actor, under_path=under_path, rules=rules, today=day, page=request
                )
        except DomainError as error:
            raise_query_error(error)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await attendance.count_inactive(
                    session, actor=actor, under_path=under_path, rules=rules, today=day
                )

        return connection(page, [inactive_from_row(row) for row in page.rows], count)
