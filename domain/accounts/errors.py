from enum import StrEnum


class AccountError(StrEnum):
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    INVALID_USERNAME = "INVALID_USERNAME"
    INVALID_DISPLAY_NAME = "INVALID_DISPLAY_NAME"
    DUPLICATE_USERNAME = "DUPLICATE_USERNAME"
    DUPLICATE_GRANT = "DUPLICATE_GRANT"
    GRANT_REVOKED = "GRANT_REVOKED"
    GRANT_ON_DISSOLVED_ORG = "GRANT_ON_DISSOLVED_ORG"


LABELS = {
    AccountError.INVALID_CREDENTIALS: "用户名或密码错误",
    AccountError.ACCOUNT_LOCKED: "连续登录失败过多，暂时锁定",
    AccountError.WEAK_PASSWORD: "密码不符合强度要求",
    AccountError.INVALID_USERNAME: "用户名格式不合法",
    AccountError.INVALID_DISPLAY_NAME: "姓名为空、过长或含控制字符",
    AccountError.DUPLICATE_USERNAME: "用户名已被使用",
    AccountError.DUPLICATE_GRANT: "已有相同的授权",
    AccountError.GRANT_REVOKED: "授权已被撤销",
    AccountError.GRANT_ON_DISSOLVED_ORG: "不能在已撤销的组织上授权",
}
