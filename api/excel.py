"""The Excel doors: the import template, the import of a filled sheet, the export of a filtered member list.

Plain HTTP, not GraphQL, because files go in and out. Each handler parses the request, calls one domain
function and maps the outcome: 401 without a valid token, 404/403 for an org per the usual rules, 400 for
bad parameters, 413 over 10 MB, 422 with the row-by-row report when the sheet breaks a rule.

The upload is the raw request body (any content type). multipart/form-data is refused with 415: parsing
it would need python-multipart, a dependency this service does not otherwise have.
"""

import tempfile
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api.context import Context, make_context
from api.ids import decode_id
from api.permissions import UNAUTHENTICATED
from domain.audit import audited
from domain.audit.models import AuditRecord
from domain.db import SessionFactory
from domain.errors import CommonError, DomainError
from domain.members import excel_export, excel_import, reads
from domain.members.enums import Category, Education, Gender, MemberStatus, RecordState, SpecialState
from domain.members.excel_layout import XLSX, template
from domain.members.excel_sheet import MAX_WORKBOOK_BYTES
from domain.settings import Settings

_STATUS: dict[str, int] = {CommonError.NOT_FOUND: 404, CommonError.FORBIDDEN: 403}
_LISTS: dict[str, tuple[str, Any]] = {
    "status": ("statuses", MemberStatus),
    "specialState": ("special_states", SpecialState),
    "gender": ("genders", Gender),
    "education": ("educations", Education),
    "category": ("categories", Category),
    "recordState": ("record_states", RecordState),
}
_NUMBERS = {
    "minAge": "min_age",
    "maxAge": "max_age",
    "joinedFromYear": "joined_from_year",
    "joinedToYear": "joined_to_year",
}


def _refusal(error: DomainError) -> JSONResponse:
    body = {"code": str(error.code), "message": error.message, "field": error.field}
    return JSONResponse(body, status_code=_STATUS.get(str(error.code), 400))


def _unauthenticated(context: Context) -> JSONResponse:
    message = f"{context.auth_problem or '请先登录'} (authentication required)"
    return JSONResponse({"code": UNAUTHENTICATED, "message": message}, 401, {"www-authenticate": "Bearer"})


async def _record_refused_write(sessions: SessionFactory, context: Context, operation: str) -> None:
    """A write refused for want of a valid token is still an attempt: the trail records it, as for GraphQL."""
    caller = context.caller
    async with sessions() as session, session.begin():
        session.add(
            AuditRecord(
                operation=operation,
                result=UNAUTHENTICATED,
                client_address=caller.client_address,
                request_id=caller.request_id,
            )
        )


def _download(fallback: str, filename: str) -> dict[str, str]:
    return {"content-disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"}


def _flag(params: QueryParams, name: str) -> bool:
    value = (params.get(name) or "false").strip().lower()
    if value not in {"true", "false", "1", "0"}:
        raise DomainError(CommonError.INVALID_INPUT, f"{name} 须为 true 或 false", field=[name])
    return value in {"true", "1"}


def member_filter(params: QueryParams) -> tuple[reads.MemberFilter, reads.MemberOrder]:
    """The MemberFilter of the query string: lists repeat a parameter or separate values with commas."""
    values: dict[str, Any] = {"name_contains": params.get("nameContains") or None}
    for name, (field, kind) in _LISTS.items():
        items = [item.strip() for raw in params.getlist(name) for item in raw.split(",") if item.strip()]
        try:
            values[field] = [kind(item) for item in items]
        except ValueError:
            raise DomainError(CommonError.INVALID_INPUT, f"{name} 的取值无效", field=[name]) from None
    for name, field in _NUMBERS.items():
        raw = params.get(name)
        if raw:
            if not raw.strip().lstrip("-").isdigit():
                raise DomainError(CommonError.INVALID_INPUT, f"{name} 须为整数", field=[name])
            values[field] = int(raw)
    if params.get("partyGroupId"):
        values["party_group_id"] = decode_id(params["partyGroupId"], "Organization", "partyGroupId")
    if not values["record_states"]:
        values["record_states"] = list(RecordState) if _flag(params, "includeClosed") else [RecordState.ACTIVE]
    try:
        order = reads.MemberOrder(params.get("orderBy") or reads.MemberOrder.NAME)
    except ValueError:
        raise DomainError(CommonError.INVALID_INPUT, "orderBy 须为 NAME、JOINED_ON 或 AGE", field=["orderBy"]) from None
    return reads.MemberFilter(**values), order


async def _body(request: Request) -> bytes | None:
    """The request body, or None once it passes the limit (read no further than that)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_WORKBOOK_BYTES:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_WORKBOOK_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _report(report: excel_import.ImportReport) -> dict[str, Any]:
    return {
        "rowsRead": report.rows_read,
        "rowsValid": report.rows_valid,
        "rowsImported": report.rows_imported,
        "dryRun": report.dry_run,
        "errors": [vars(error) for error in report.errors],
        "errorsTruncated": report.errors_truncated,
    }


def _file_chunks(file: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := file.read(64 * 1024):
            yield chunk
    finally:
        file.close()


def excel_routes(settings: Settings, sessions: SessionFactory) -> list[Route]:
    async def download_template(request: Request) -> Response:
        context = await make_context(request, settings, sessions)
        if context.actor is None:
            return _unauthenticated(context)
        return Response(
            template(), media_type=XLSX, headers=_download("member-import-template.xlsx", "党员信息导入模板.xlsx")
        )

    async def import_members(request: Request) -> Response:
        context = await make_context(request, settings, sessions)
        if context.actor is None:
            await _record_refused_write(sessions, context, "importMembers")
            return _unauthenticated(context)
        actor, params = context.actor, request.query_params
        try:
            org_id = decode_id(params.get("organizationId", ""), "Organization", "organizationId")
            dry_run = _flag(params, "dryRun")
        except DomainError as error:
            return _refusal(error)
        if request.headers.get("content-type", "").lower().startswith("multipart/"):
            message = "请把 .xlsx 文件作为请求体直接上传（不支持 multipart/form-data）"
            return JSONResponse({"code": "UNSUPPORTED_MEDIA_TYPE", "message": message}, 415)
        workbook = await _body(request)
        if workbook is None:
            return JSONResponse({"code": "PAYLOAD_TOO_LARGE", "message": "文件不能超过 10 MB"}, 413)

        async def work(session: AsyncSession) -> excel_import.ImportReport:
            return await excel_import.import_members(
                session, actor=actor, cipher=context.cipher, organization_id=org_id, workbook=workbook, dry_run=dry_run
            )

        try:
            # A dry run is audited too: it tells whether ID numbers are registered anywhere in the system.
            report = await audited(sessions, caller=context.caller, operation="importMembers", work=work)
        except excel_import.ImportRefused as refusal:
            body = {"code": str(refusal.code), "message": refusal.message, **_report(refusal.report)}
            return JSONResponse(body, status_code=422)
        except DomainError as error:
            return _refusal(error)
        return JSONResponse(_report(report))

    async def export_members(request: Request) -> Response:
        context = await make_context(request, settings, sessions)
        if context.actor is None:
            return _unauthenticated(context)
        actor = context.actor
        try:
            under_id = decode_id(request.query_params.get("under", ""), "Organization", "under")
            flt, order = member_filter(request.query_params)
        except DomainError as error:
            return _refusal(error)
        target = tempfile.TemporaryFile()  # noqa: SIM115 - the response's iterator closes it, or the refusal

        async def work(session: AsyncSession) -> int:
            return await excel_export.export_members(
                session, actor=actor, cipher=context.cipher, under_id=under_id, flt=flt, order=order, target=target
            )

        try:
            # Every export is audited: one in clear is a reveal of personal data, and says so in the record.
            await audited(sessions, caller=context.caller, operation="exportMembers", work=work)
        except DomainError as error:
            target.close()
            return _refusal(error)
        except BaseException:
            target.close()
            raise
        target.seek(0)
        return StreamingResponse(
            _file_chunks(target), media_type=XLSX, headers=_download("members.xlsx", "党员名册.xlsx")
        )

    return [
        Route("/import/members/template.xlsx", download_template, methods=["GET"]),
        Route("/import/members", import_members, methods=["POST"]),
        Route("/export/members.xlsx", export_members, methods=["GET"]),
    ]
