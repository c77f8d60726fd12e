"""Reading an uploaded member sheet: the workbook opened in streaming mode, each cell turned into a field value."""

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from domain.members.errors import MemberError
from domain.members.excel_layout import COLUMNS, DATA_SHEET, Column, Kind, choices

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
# A zip may unpack to far more than it weighs: past this the file is refused before openpyxl parses it.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 50_000
_UNREADABLE = (
    zipfile.BadZipFile, zlib.error, InvalidFileException, ParseError, KeyError, ValueError, TypeError, OSError, EOFError
)  # fmt: skip
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_CHOICES = {column.field: choices(column) for column in COLUMNS if column.labels}
_BY_HEADER = {column.header: column for column in COLUMNS}
HEADER_SEARCH = 5  # rows in which to look for the headers


class Unreadable(Exception):
    """The file as a whole cannot be read (not an .xlsx, too large unpacked, too many rows)."""


class CellError(Exception):
    def __init__(self, code: MemberError, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Sheet:
    """The data sheet of an uploaded workbook, read row by row in openpyxl's read-only mode.

    Its methods block (openpyxl parses XML), so the importer calls them in a worker thread, one at a time.
    """

    def __init__(self, workbook: bytes) -> None:
        self._data = workbook
        self._book: Workbook | None = None
        self._rows: Iterator[tuple[Any, ...]] = iter(())
        self._number = 0  # the Excel row number of the last row read
        self._read = 0
        self.header_row = 1

    def open(self) -> dict[Column, int]:
        """The position of each known column, by its header: the first row that names 姓名 (a title row or two
        above the headers is common in ledgers kept by hand)."""
        if len(self._data) > MAX_WORKBOOK_BYTES:
            raise Unreadable("文件超过 10 MB")
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                    raise Unreadable("文件解压后过大")
            self._book = load_workbook(io.BytesIO(self._data), read_only=True, data_only=True, keep_links=False)
            sheets = self._book.sheetnames
            sheet = self._book[DATA_SHEET] if DATA_SHEET in sheets else self._book.worksheets[0]
            self._rows = sheet.iter_rows(values_only=True)
            for headers in islice(self._rows, HEADER_SEARCH):
                self._number += 1
                positions = _positions(headers)
                if COLUMNS[0] in positions:
                    self.header_row = self._number
                    return positions
        except _UNREADABLE as error:
            raise Unreadable("无法读取文件：请上传 .xlsx 格式的 Excel 文件") from error
        return {}

    def take(self, count: int) -> list[tuple[int, tuple[Any, ...]]]:
        """Up to `count` more non-blank rows, each with its Excel row number."""
        rows: list[tuple[int, tuple[Any, ...]]] = []
        try:
            while len(rows) < count:
                values = next(self._rows, None)
                if values is None:
                    break
                self._number += 1
                if any(value is not None and str(value).strip() for value in values):
                    rows.append((self._number, values))
        except _UNREADABLE as error:
            raise Unreadable(f"第 {self._number + 1} 行无法读取：文件已损坏") from error
        self._read += len(rows)
        if self._read > MAX_ROWS:
            raise Unreadable(f"一次最多导入 {MAX_ROWS} 行")
        return rows

    def close(self) -> None:
        if self._book is not None:
            self._book.close()


def _positions(headers: tuple[Any, ...]) -> dict[Column, int]:
    positions: dict[Column, int] = {}
    for index, header in enumerate(headers):
        column = _BY_HEADER.get(str(header or "").strip().rstrip("*").strip())
        if column is not None and column not in positions:
            positions[column] = index
    return positions


def cell_value(column: Column, raw: Any) -> Any:
    """The field value of one cell, or a CellError saying in Chinese what is wrong with it."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if column.required:
            raise CellError(MemberError.VALUE_REQUIRED, f"「{column.header}」为必填项")
        return None
    if column.kind is Kind.DATE:
        return _date(column, raw)
    if column.kind is Kind.ID_NUMBER and isinstance(raw, int | float):
        raise CellError(
            MemberError.INVALID_ID_NUMBER,
            "身份证号须以文本格式填写：数字格式的 18 位数会丢失末几位，请改为文本后重新填写",
        )
    text = _text(raw)
    if column.kind is Kind.CHOICE:
        table = _CHOICES[column.field]
        value = table.get(text, table.get(text.upper()))
        if value is None:
            raise CellError(MemberError.INVALID_CHOICE, f"「{text}」不是有效的{column.header}，可选值见「说明」表")
        return value
    return text


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # a phone number typed as a number
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    return str(raw).strip()


def _date(column: Column, raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    match = _DATE.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise CellError(MemberError.INVALID_DATE, f"「{column.header}」须为日期，如 1985-03-07，不是「{text}」")
