"""The member sheet as party-affairs workers know it: Chinese headers, Chinese labels, and the import template.

One layout serves the template, the import and the export, so a column is described once.
"""

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from domain.members import enums

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET = "党员信息"
HELP_SHEET = "说明"
CHOICES_SHEET = "取值"
EXAMPLE_MARK = "示例"  # a row whose 姓名 starts with this is the template's example and is never imported
TEMPLATE_ROWS = 2000  # rows of the template that get the dropdowns and the text format


class Kind(Enum):
    TEXT = "文字"
    DATE = "日期，如 1985-03-07（也可用 Excel 日期单元格）"
    CHOICE = "从下拉列表中选择"
    ID_NUMBER = "18 位，末位可为 X；请以文本格式填写（数字格式会丢失末几位）"
    PHONE = "11 位手机号，或带区号的固定电话如 028-85551234"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: each column exists once
class Column:
    header: str
    field: str  # the MemberFields name; "party_group" is the group's name in the branch
    api_field: str  # the name a rule reports in DomainError.field
    kind: Kind
    required: bool = False
    labels: Mapping[Any, str] | None = None  # for CHOICE: enum member -> Chinese label
    note: str = ""
    example: Any = None

    def allowed(self) -> list[str]:
        return list(self.labels.values()) if self.labels else []


_T, _D, _C = Kind.TEXT, Kind.DATE, Kind.CHOICE
COLUMNS = (
    Column("姓名", "name", "name", _T, True, note="1 到 50 个字", example=f"{EXAMPLE_MARK}：张三"),
    Column("性别", "gender", "gender", _C, True, enums.GENDER_LABELS, "须与身份证号一致", "男"),
    Column("民族", "ethnicity", "ethnicity", _C, True, enums.ETHNICITY_LABELS, "56 个民族之一", "汉族"),
    Column("出生日期", "birth_date", "birthDate", _D, True, note="须与身份证号一致", example=date(1985, 3, 7)),
    Column("身份证号", "id_number", "idNumber", Kind.ID_NUMBER, True, note="全系统唯一", example="110105198503070019"),
    Column("联系电话", "phone", "phone", Kind.PHONE, example="13800138000"),
    Column("学历", "education", "education", _C, labels=enums.EDUCATION_LABELS, example="大学本科"),
    Column("学位", "degree", "degree", _T, note="不超过 30 个字", example="学士"),
    Column("籍贯", "native_place", "nativePlace", _T, note="不超过 100 个字", example="四川成都"),
    Column("工作岗位", "post", "post", _T, note="不超过 100 个字", example="工程师"),
    Column("所在部门", "department", "department", _T, note="不超过 100 个字", example="技术部"),
    Column("人员类别", "category", "category", _C, True, enums.CATEGORY_LABELS, example="在职"),
    Column("入党日期", "joined_on", "joinedOn", _D, True, note="入党时须年满 18 周岁", example=date(2010, 7, 1)),
    Column("转正日期", "converted_on", "convertedOn", _D, note="正式党员必填，满一年", example=date(2011, 7, 1)),
    Column("党员状态", "status", "status", _C, True, enums.STATUS_LABELS, example="正式党员"),
    Column("特殊状态", "special_state", "specialState", _C, labels=enums.SPECIAL_STATE_LABELS, note="空为正常"),
    Column("流向", "flowing_to", "flowingTo", _T, note="特殊状态为“流动”时必填，不超过 200 个字"),
    Column("党小组", "party_group", "partyGroupId", _T, note="本支部下党小组的名称；空为不分组"),
)  # fmt: skip
BY_API_FIELD = {column.api_field: column for column in COLUMNS}


def choices(column: Column) -> dict[str, Any]:
    """What a cell may say for a CHOICE column: the Chinese label or the English code; 民族 also without 族."""
    table: dict[str, Any] = {}
    for member, text in (column.labels or {}).items():
        table[text] = table[str(member.value)] = member
        if column.field == "ethnicity":
            table[text.removesuffix("族")] = member  # 汉 for 汉族, as many ledgers write it
    return table


def label(value: StrEnum | str | None, labels: Mapping[Any, str]) -> str | None:
    return labels.get(value, str(value)) if value is not None else None


_BOLD = Font(bold=True)
_REQUIRED = PatternFill("solid", start_color="FFF2CC")
_EXAMPLE = Font(italic=True, color="808080")


def _help_sheet(book: Workbook) -> None:
    sheet = book.create_sheet(HELP_SHEET)
    sheet.append(["导入说明"])
    for line in (
        f"1. 在「{DATA_SHEET}」表中每行填写一名党员，第 1 行为列名，请勿修改列名；列的先后可以调整，多余的列会被忽略。",
        f"2. 标黄的列为必填。姓名以“{EXAMPLE_MARK}”开头的行是示例，不会导入，可以删除。",
        "3. 导入时所有行一起校验：只要有一行有误，整个文件都不导入，并逐行列出错误；改正后重新上传即可。",
        "4. 身份证号在全系统唯一：文件内重复或系统中已有的身份证号都不能导入。文件不超过 10 MB。",
    ):
        sheet.append([line])
    sheet.append([])
    sheet.append(["列名", "是否必填", "格式", "说明", "可选值"])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    for column in COLUMNS:
        sheet.append(
            [
                column.header,
                "必填" if column.required else "选填",
                column.kind.value,
                column.note,
                "、".join(column.allowed()),
            ]
        )
    for letter, width in zip("ABCDE", (12, 10, 40, 40, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=7):
        row[4].alignment = Alignment(wrap_text=True)


def _data_sheet(book: Workbook) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    sheet.append([column.header for column in COLUMNS])
    sheet.append([column.example for column in COLUMNS])
    sheet.freeze_panes = "A2"
    listed = book.create_sheet(CHOICES_SHEET)  # the dropdowns' source lists, hidden
    listed.sheet_state = "hidden"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        header, example = sheet.cell(1, index), sheet.cell(2, index)
        header.font = _BOLD
        if column.required:
            header.fill = _REQUIRED
        example.font = _EXAMPLE
        sheet.column_dimensions[letter].width = 22 if column.kind is Kind.ID_NUMBER else 14
        if column.kind in {Kind.ID_NUMBER, Kind.PHONE}:
            example.number_format = "@"
            sheet.column_dimensions[letter].number_format = "@"  # typed numbers stay text, digits intact
        elif column.kind is Kind.DATE:
            example.number_format = "yyyy-mm-dd"
        if column.labels:
            allowed = column.allowed()
            for row, value in enumerate([column.header, *allowed], start=1):
                listed.cell(row, index, value)
            source = f"{quote_sheetname(CHOICES_SHEET)}!${letter}$2:${letter}${len(allowed) + 1}"
            validation = DataValidation(type="list", formula1=source, allow_blank=not column.required)
            validation.error, validation.errorTitle, validation.showErrorMessage = (
                "请从下拉列表中选择",
                "取值无效",
                True,
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)


@lru_cache(maxsize=1)
def template() -> bytes:
    """The import template: the data sheet with its headers and one example row, the 说明 sheet, the dropdowns."""
    book = Workbook()
    _data_sheet(book)
    _help_sheet(book)
    book.move_sheet(HELP_SHEET, offset=-1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def data_workbook(rows: Iterable[Sequence[Any]], headers: Sequence[str] | None = None) -> bytes:
    """A data sheet of any size, written in streaming mode: for tests and the benchmark's upload files."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(DATA_SHEET)
    sheet.append(list(headers or [column.header for column in COLUMNS]))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
