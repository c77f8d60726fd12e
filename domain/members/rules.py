"""Pure rules of the member ledger (DOMAIN.md, Members)."""

import re
from datetime import date, timedelta

from domain.errors import DomainError
from domain.members.enums import Gender, MemberStatus
from domain.members.errors import MemberError
from domain.personal_data import is_valid_phone, normalize_id_number, normalize_phone, read_id_number
from domain.timeutil import add_years

ADULT_AGE = 18
PROBATION_YEARS = 1
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
AGE_BANDS = ((None, 30, "≤30岁"), (31, 40, "31–40岁"), (41, 50, "41–50岁"), (51, 60, "51–60岁"), (61, None, ">60岁"))


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def party_standing(converted_on: date | None, day: date) -> int | None:
    """党龄 counts whole years from conversion (转正), not from admission."""
    return age_on(converted_on, day) if converted_on else None


def probation_ends_on(joined_on: date) -> date:
    return add_years(joined_on, PROBATION_YEARS)


def overdue_for_conversion(status: str, joined_on: date, day: date) -> bool:
    return status == MemberStatus.PROBATIONARY and day > probation_ends_on(joined_on)


def clean_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 50 or _CONTROL.search(name):
        raise DomainError(MemberError.INVALID_MEMBER_NAME, "姓名须为 1 到 50 个字符，且不含控制字符", field=["name"])
    return name


def clean_text(value: str | None, field: str, limit: int = 100) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > limit or _CONTROL.search(value):
        raise DomainError(MemberError.TEXT_TOO_LONG, f"不超过 {limit} 个字符，且不含控制字符", field=[field])
    return value


def check_identity(id_number: str, birth_date: date, gender: Gender) -> str:
    """The normalized ID number, if its check digit holds and it encodes this birth date and sex."""
    value = normalize_id_number(id_number)
    facts = read_id_number(value)
    if facts is None:
        raise DomainError(
            MemberError.INVALID_ID_NUMBER, "身份证号不合法：须为 18 位，出生日期有效，校验码正确", field=["idNumber"]
        )
    if facts.birth_date != birth_date:
        raise DomainError(MemberError.ID_NUMBER_MISMATCH, "出生日期与身份证号不符", field=["birthDate"])
    if facts.male != (gender is Gender.MALE):
        raise DomainError(MemberError.ID_NUMBER_MISMATCH, "性别与身份证号不符", field=["gender"])
    return value


def check_phone(phone: str | None) -> str | None:
    if phone is None or not phone.strip():
        return None
    value = normalize_phone(phone)
    if not is_valid_phone(value):
        raise DomainError(MemberError.INVALID_PHONE, "电话号码须为 11 位手机号或带区号的固定电话", field=["phone"])
    return value


def check_not_future(day: date | None, today: date, field: str) -> None:
    if day is not None and day > today:
        raise DomainError(MemberError.DATE_IN_FUTURE, "日期不能晚于今天", field=[field])


def check_admission(
    birth_date: date, joined_on: date, converted_on: date | None, status: MemberStatus, today: date
) -> None:
    check_not_future(joined_on, today, "joinedOn")
    check_not_future(converted_on, today, "convertedOn")
    if age_on(birth_date, joined_on) < ADULT_AGE:
        raise DomainError(MemberError.UNDER_AGE, "入党时须年满 18 周岁", field=["joinedOn"])
    if status is MemberStatus.FULL and converted_on is None:
        raise DomainError(MemberError.STATUS_MISMATCH, "正式党员须填写转正日期", field=["convertedOn"])
    if status is MemberStatus.PROBATIONARY and converted_on is not None:
        raise DomainError(MemberError.STATUS_MISMATCH, "预备党员不应有转正日期", field=["convertedOn"])
    if converted_on is not None and converted_on < probation_ends_on(joined_on):
        raise DomainError(
            MemberError.CONVERSION_TOO_EARLY,
            f"预备期一年：转正日期不能早于 {probation_ends_on(joined_on).isoformat()}",
            field=["convertedOn"],
        )


# Transfers (DOMAIN.md, Transfers): the sending org's letter is valid for a set number of days.
DEFAULT_LETTER_DAYS = 30
DEFAULT_LETTER_MAX_DAYS = 90  # *(default)*: Settings.transfer_letter_max_days


def check_letter_validity(days: int, max_days: int = DEFAULT_LETTER_MAX_DAYS) -> int:
    if not 1 <= days <= max_days:
        raise DomainError(
            MemberError.INVALID_LETTER_VALIDITY,
            f"介绍信有效期须在 1 到 {max_days} 天之间",
            field=["letterValidDays"],
        )
    return days


def letter_expires_on(requested_on: date, days: int) -> date:
    return requested_on + timedelta(days=days)


def letter_expired(expires_on: date | None, day: date) -> bool:
    """The letter is good through its expiry date; the day after, it has lapsed."""
    return expires_on is not None and day > expires_on


def month_of(day: date) -> date:
    """Dues are paid through a month, stored as its first day."""
    return day.replace(day=1)


def require_reason(reason: str | None, field: str = "reason") -> str:
    text = clean_text(reason, field, 500)
    if text is None:
        raise DomainError(MemberError.REASON_REQUIRED, "须填写原因", field=[field])
    return text


def letter_details(letter_number: str | None, outside_unit: str | None) -> tuple[str, str]:
    """A transfer across the system's border names the letter and the unit on the other side."""
    number = clean_text(letter_number, "letterNumber", 50)
    unit = clean_text(outside_unit, "outsideUnit", 200)
    if number is None:
        raise DomainError(MemberError.LETTER_DETAILS_REQUIRED, "须填写介绍信编号", field=["letterNumber"])
    if unit is None:
        raise DomainError(MemberError.LETTER_DETAILS_REQUIRED, "须填写对方单位名称", field=["outsideUnit"])
    return number, unit
