"""Excel export through the real backend, read back with openpyxl; and the administrator's
template replacement that every backend then uses."""

from __future__ import annotations

import io
import urllib.parse
import zipfile
from typing import Any

import openpyxl
import pytest
from backend_support.normal import NormalBackend, meeting_body, update_body

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _meeting_with_minutes(nb: NormalBackend, items: int = 3, **fields: Any) -> dict[str, Any]:
    api = nb.api
    meeting = api.call("POST", "/api/meetings", as_user="alice", json=meeting_body(**fields)).json()
    body = {
        **update_body(meeting),
        "conclusions": [{"content": "Budget approved"}, {"content": "=1+1 stays text"}],
        "action_items": [
            {
                "content": f"Task {i}",
                "owner": f"Owner {i}",
                "due_date": "2025-03-1" + str(i % 10),
                "status": ("Open", "In Progress", "Done", "Delayed")[i % 4],
            }
            for i in range(items)
        ],
    }
    saved = api.call("PUT", f"/api/meetings/{meeting['id']}", as_user="alice", json=body)
    assert saved.status_code == 200, saved.text
    return dict(saved.json())


def _export(nb: NormalBackend, meeting: dict[str, Any], user: str = "alice") -> Any:
    response = nb.api.call("GET", f"/api/meetings/{meeting['id']}/export", as_user=user)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    return response


def test_export_reads_back_with_fields_and_action_items(normal_backend: NormalBackend) -> None:
    meeting = _meeting_with_minutes(
        normal_backend,
        subject='=HYPERLINK("http://evil") 預算會議',
        attendees="Bob <bob@example.com>, 王小明",
        location="Room\x07 7",
    )
    response = _export(normal_backend, meeting)
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert ws["B3"].value == meeting["meeting_number"]
    assert ws["E3"].value == "2025-03-04 09:30 (UTC+08:00)"
    assert ws["B4"].value == '=HYPERLINK("http://evil") 預算會議'
    assert ws["B4"].data_type == "s"  # text, never a formula
    assert ws["B5"].value == "Room 7"  # a control character an .xlsx can't hold is dropped
    assert ws["E5"].value == "Alice Chen"
    assert ws["B6"].value == "alice@example.com"
    assert ws["E6"].value == "Bob <bob@example.com>, 王小明"
    codes = [c["code"] for c in meeting["conclusions"]]
    assert ws["B7"].value == f"{codes[0]}  Budget approved\n{codes[1]}  =1+1 stays text"
    rows = [[ws[f"{col}{row}"].value for col in "ABCDE"] for row in range(10, 13)]
    expected = [
        [a["code"], a["content"], a["owner"], a["due_date"], a["status"]]
        for a in meeting["action_items"]
    ]
    for got, want in zip(rows, expected, strict=True):
        assert got[:3] == want[:3] and got[4] == want[4]
        assert got[3].date().isoformat() == want[3]  # a real date cell
    assert ws["A13"].value is None


def test_export_filename_is_number_and_subject_encoded(normal_backend: NormalBackend) -> None:
    meeting = _meeting_with_minutes(normal_backend, subject="季度/預算: Q3?")
    disposition = _export(normal_backend, meeting).headers["content-disposition"]
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert urllib.parse.unquote(encoded) == f"{meeting['meeting_number']} 季度_預算_ Q3_.xlsx"
    assert disposition.startswith('attachment; filename="')
    disposition.encode("ascii")  # the header itself is plain ASCII


def test_export_of_500_action_items_keeps_the_template_style(normal_backend: NormalBackend) -> None:
    meeting = _meeting_with_minutes(normal_backend, items=500)
    ws = openpyxl.load_workbook(io.BytesIO(_export(normal_backend, meeting).content)).worksheets[0]
    assert ws["A509"].value == meeting["action_items"][499]["code"]
    assert ws["A510"].value is None
    assert ws["B509"].border.left.style == ws["B10"].border.left.style == "thin"


def _custom_template(marker: str = "ACME Corp minutes", merge: str | None = None) -> bytes:
    default = openpyxl.Workbook()
    ws = default.active
    assert ws is not None
    ws["A1"] = marker
    ws["A9"] = "Code"
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    default.save(out)
    return out.getvalue()


def _with_macros(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\x00macro")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"this is not a workbook", "not an Excel workbook"),
        (b"PK\x03\x04broken zip", "damaged"),
        (_with_macros(_custom_template()), "macros"),
        (_custom_template(merge="A3:B3"), "merged cells"),
    ],
)
def test_bad_templates_are_refused(normal_backend: NormalBackend, data: bytes, words: str) -> None:
    response = normal_backend.api.call(
        "PUT",
        "/api/admin/export-template",
        as_user="admin",
        content=data,
        headers={"Content-Type": XLSX},
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_failed"
    assert words in response.json()["message"] + response.json()["fields"][0]["message"]


def test_template_larger_than_2_mb_is_413(normal_backend: NormalBackend) -> None:
    response = normal_backend.api.call(
        "PUT",
        "/api/admin/export-template",
        as_user="admin",
        content=b"PK" + b"\0" * (2 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_only_admins_manage_the_template(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    for method in ("GET", "PUT", "DELETE"):
        response = api.call(
            method, "/api/admin/export-template", as_user="alice", content=_custom_template()
        )
        assert response.status_code == 403, method
        assert response.json()["code"] == "forbidden"
    assert api.call("GET", "/api/admin/export-template/info", as_user="alice").status_code == 403


def test_a_stored_template_is_used_by_every_backend_until_reset(
    normal_backend: NormalBackend, sidecar_factory: Any
) -> None:
    from backend_support.normal import start_normal

    api = normal_backend.api
    meeting = _meeting_with_minutes(normal_backend)
    stored = api.call(
        "PUT", "/api/admin/export-template", as_user="admin", content=_custom_template()
    )
    assert stored.status_code == 200, stored.text
    assert stored.json()["custom"] is True and stored.json()["uploaded_by"] == "admin@example.com"
    # A second backend on the same database uses it too.
    other = start_normal(sidecar_factory(), normal_backend.database, normal_backend.auth.url)
    other.sign_in("alice")
    for backend in (api, other):
        content = backend.call(
            "GET", f"/api/meetings/{meeting['id']}/export", as_user="alice"
        ).content
        ws = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        assert ws["A1"].value == "ACME Corp minutes"
        assert ws["B3"].value == meeting["meeting_number"]
    downloaded = api.call("GET", "/api/admin/export-template", as_user="admin")
    assert (
        openpyxl.load_workbook(io.BytesIO(downloaded.content)).worksheets[0]["A1"].value
        == "ACME Corp minutes"
    )
    assert api.call("DELETE", "/api/admin/export-template", as_user="admin").status_code == 204
    info = api.call("GET", "/api/admin/export-template/info", as_user="admin").json()
    assert info["custom"] is False
    content = api.call("GET", f"/api/meetings/{meeting['id']}/export", as_user="alice").content
    assert (
        openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]["A1"].value == "Meeting Minutes"
    )
