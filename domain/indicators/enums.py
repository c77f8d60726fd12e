"""The vocabulary of indicators (DOMAIN.md, Indicators and evaluation), each with its Chinese label."""

from enum import StrEnum


class Unit(StrEnum):
    PERCENT = "PERCENT"
    COUNT = "COUNT"
    YUAN = "YUAN"
    DAYS = "DAYS"
    HOURS = "HOURS"
    SCORE = "SCORE"


UNIT_LABELS = {
    Unit.PERCENT: "百分比（0–100）",
    Unit.COUNT: "个数（非负整数）",
    Unit.YUAN: "金额（元，最多两位小数）",
    Unit.DAYS: "天数",
    Unit.HOURS: "小时",
    Unit.SCORE: "分值（0–100）",
}


class Direction(StrEnum):
    HIGHER = "HIGHER"
    LOWER = "LOWER"


DIRECTION_LABELS = {Direction.HIGHER: "越高越好", Direction.LOWER: "越低越好"}


class Source(StrEnum):
    COMPUTED = "COMPUTED"
    REPORTED = "REPORTED"
    IMPORTED = "IMPORTED"


SOURCE_LABELS = {
    Source.COMPUTED: "由本系统数据计算",
    Source.REPORTED: "由组织按期填报",
    Source.IMPORTED: "从其他系统导入",
}


class Level(StrEnum):
    """A value's traffic light; the same words as domain.alerts.AlertLevel."""

    RED = "RED"
    YELLOW = "YELLOW"
    GREEN = "GREEN"
