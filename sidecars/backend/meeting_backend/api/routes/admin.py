"""Administrator routes: the Excel export template every backend uses."""

from __future__ import annotations

import datetime as dt

from anyio import to_thread
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from meeting_backend.api.deps import AdminUserDep, SessionDep
from meeting_backend.errors import ApiError, error_responses, validation_failed
from meeting_backend.export import store
from meeting_backend.export.template import MAX_TEMPLATE_BYTES, TemplateError, validate_template

router = APIRouter(prefix="/admin", tags=["admin"])

# Body limit for the hardening middleware (meeting_backend/limits.py).
TEMPLATE_BODY_LIMIT = MAX_TEMPLATE_BYTES
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportTemplatePublic(BaseModel):
    custom: bool
    sha256: str
    size: int
    uploaded_by: str | None
    uploaded_at: dt.datetime | None


def _public(info: store.TemplateInfo) -> ExportTemplatePublic:
    return ExportTemplatePublic(
        custom=info.custom,
        sha256=info.sha256,
        size=info.size,
        uploaded_by=info.uploaded_by,
        uploaded_at=info.uploaded_at,
    )


@router.get(
    "/export-template",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}, **error_responses(401, 403, 503)},
)
def download_template(_admin: AdminUserDep, session: SessionDep) -> Response:
    with session.begin():
        data = store.current_template(session.connection())
    disposition = 'attachment; filename="export-template.xlsx"'
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})


@router.get("/export-template/info", responses=error_responses(401, 403, 503))
def template_info(_admin: AdminUserDep, session: SessionDep) -> ExportTemplatePublic:
    with session.begin():
        return _public(store.template_info(session.connection()))


@router.put(
    "/export-template",
    responses=error_responses(401, 403, 413, 422, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def replace_template(
    admin: AdminUserDep, session: SessionDep, request: Request
) -> ExportTemplatePublic:
    data = await request.body()
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ApiError(413, "too_large", "The template is larger than 2 MB.")
    try:
        await to_thread.run_sync(validate_template, data)
    except TemplateError as exc:
        raise validation_failed([{"field": "(body)", "message": str(exc)}]) from None

    def save() -> ExportTemplatePublic:
        with session.begin():
            store.save_template(session.connection(), data, admin.email)
            return _public(store.template_info(session.connection()))

    return await to_thread.run_sync(save)


@router.delete("/export-template", status_code=204, responses=error_responses(401, 403, 503))
def reset_template(_admin: AdminUserDep, session: SessionDep) -> Response:
    """Goes back to the default template that ships with the backend."""
    with session.begin():
        store.remove_template(session.connection())
    return Response(status_code=204)
