from enum import StrEnum


class IndicatorError(StrEnum):
    INVALID_CATALOG = "INVALID_CATALOG"
    UNKNOWN_COMPUTATION = "UNKNOWN_COMPUTATION"
    DUPLICATE_CODE = "DUPLICATE_CODE"
    THRESHOLDS_OUT_OF_ORDER = "THRESHOLDS_OUT_OF_ORDER"
    UNKNOWN_INDICATOR = "UNKNOWN_INDICATOR"
    INDICATOR_NOT_REPORTED = "INDICATOR_NOT_REPORTED"
    INDICATOR_NOT_APPLICABLE = "INDICATOR_NOT_APPLICABLE"
    VALUE_OUT_OF_RANGE = "VALUE_OUT_OF_RANGE"
    UNKNOWN_ALERT = "UNKNOWN_ALERT"


LABELS = {
    IndicatorError.INVALID_CATALOG: "指标库文件不合法（格式、必填项或取值），整份文件未载入",
    IndicatorError.UNKNOWN_COMPUTATION: "指标引用了不存在的计算方法",
    IndicatorError.DUPLICATE_CODE: "指标、模块或场景的编码重复",
    IndicatorError.THRESHOLDS_OUT_OF_ORDER: "红黄绿阈值的顺序与指标方向不符",
    IndicatorError.UNKNOWN_INDICATOR: "指标不存在或已停用",
    IndicatorError.INDICATOR_NOT_REPORTED: "该指标不是填报类指标",
    IndicatorError.INDICATOR_NOT_APPLICABLE: "该指标不适用于此类组织",
    IndicatorError.VALUE_OUT_OF_RANGE: "数值与指标的单位不符（如百分比须在 0 到 100 之间）",
    IndicatorError.UNKNOWN_ALERT: "预警不存在，或其原因已消除",
}
