"""The default export template, and the checks an uploaded replacement must pass."""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from meeting_backend.export import layout

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
# An .xlsx is a zip: refuse one that would unpack to far more than any real template.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2_000


class TemplateError(ValueError):
    """The uploaded file can't be used; the message says why, in one plain sentence."""


@functools.cache
def default_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Minutes"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell, text in layout.LABELS.items():
        ws[cell] = text
        ws[cell].font = bold
    ws["A1"].font = Font(bold=True, size=16)
    for cell in layout.FIELD_CELLS.values():
        ws[cell].alignment = wrap
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    for key, column in layout.ACTION_COLUMNS.items():
        header = ws[f"{column}{layout.ACTION_HEADER_ROW}"]
        header.value = layout.ACTION_HEADERS[key]
        header.font = bold
        header.fill = header_fill
        header.border = box
        style_cell = ws[f"{column}{layout.ACTION_FIRST_ROW}"]
        style_cell.border = box
        style_cell.alignment = wrap
    ws[f"{layout.ACTION_COLUMNS['due_date']}{layout.ACTION_FIRST_ROW}"].number_format = "yyyy-mm-dd"
    for column, width in {"A": 16, "B": 60, "C": 22, "D": 14, "E": 40}.items():
        ws.column_dimensions[column].width = width
    ws.row_dimensions[7].height = 90
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _check_zip(data: bytes) -> None:
    if not data.startswith(b"PK"):
        raise TemplateError("The file is not an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except zipfile.BadZipFile:
        raise TemplateError("The file is not an Excel workbook (.xlsx): it is damaged.") from None
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise TemplateError("The workbook unpacks to far more than a template needs.")
    if "xl/workbook.xml" not in names:
        raise TemplateError("The file is not an Excel workbook (.xlsx).")
    if "xl/vbaProject.bin" in names:
        raise TemplateError(
            "The workbook contains macros. Save it as a plain Excel workbook (.xlsx) first."
        )


def validate_template(data: bytes) -> None:
    """Raises TemplateError unless the exporter can fill this workbook."""
    from meeting_backend.export.filler import fill_workbook, sample_meeting

    if not data:
        raise TemplateError("The file is empty.")
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError("The template is larger than 2 MB.")
    _check_zip(data)
    try:
        wb = load_workbook(io.BytesIO(data))
    except Exception:
        raise TemplateError("The workbook could not be read; save it again in Excel.") from None
    if not wb.worksheets:
        raise TemplateError("The workbook has no worksheet.")
    try:
        fill_workbook(data, sample_meeting(dt.datetime.now(dt.UTC)))
    except AttributeError:
        # openpyxl refuses writes into merged cells other than their top-left one.
        cells = ", ".join(layout.FIELD_CELLS.values())
        raise TemplateError(
            f"The first worksheet has merged cells where the exporter writes ({cells} and "
            f"rows {layout.ACTION_FIRST_ROW} and below, columns A to E). Unmerge them."
        ) from None
