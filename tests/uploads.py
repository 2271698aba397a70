"""Builders for hostile spreadsheets: small files that claim, or unpack to, far more than they
hold. They are written the way an attacker would, by editing the archive openpyxl saved."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewritten_xlsx(data: bytes, edit_sheet) -> bytes:
    """The same workbook with the first sheet's XML passed through `edit_sheet(bytes)`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                content = edit_sheet(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def with_dimension(data: bytes, ref: str) -> bytes:
    """Forge the sheet's declared size (`<dimension ref="...">`) without adding a cell."""
    return rewritten_xlsx(
        data,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml),
    )


def with_cell(data: bytes, reference: str, value: str) -> bytes:
    """Add one inline-string cell, in a row of its own after the real rows (e.g. "XFD2")."""
    row_number = re.match(r"[A-Z]+(\d+)", reference).group(1)

    def edit(xml: bytes) -> bytes:
        row = (
            f'<row r="{row_number}"><c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'
            "</row>"
        ).encode()
        return xml.replace(b"</sheetData>", row + b"</sheetData>")

    return rewritten_xlsx(data, edit)


def with_cell_in_row(data: bytes, row_number: int, reference: str, value: str) -> bytes:
    """Put one more inline-string cell at the end of an existing row."""

    def edit(xml: bytes) -> bytes:
        pattern = re.compile(rf'(<row r="{row_number}"[^>]*>.*?)(</row>)'.encode(), re.S)
        cell = f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'.encode()
        return pattern.sub(lambda m: m.group(1) + cell + m.group(2), xml, count=1)

    return rewritten_xlsx(data, edit)


def with_padding(data: bytes, megabytes: int) -> bytes:
    """A zip bomb in miniature: the sheet XML carries `megabytes` of spaces (compressing to KB)."""
    return rewritten_xlsx(
        data, lambda xml: xml.replace(b"</worksheet>", b" " * (megabytes << 20) + b"</worksheet>")
    )


def with_blank_rows(data: bytes, rows: int, cells: int) -> bytes:
    """`rows` more rows of `cells` blank cells each (a bare `<c/>`: four bytes each, so a
    sheet of two million cells compresses to a few tens of KB)."""
    extra = (b"<row>" + b"<c/>" * cells + b"</row>") * rows
    return rewritten_xlsx(data, lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>"))
