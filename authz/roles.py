from enum import StrEnum


class Role(StrEnum):
    ADMIN = "ADMIN"  # 系统管理员
    ORG_ADMIN = "ORG_ADMIN"  # 党务工作者
    SECRETARY = "SECRETARY"  # 书记/委员
    MEMBER = "MEMBER"  # 党员
    AUDITOR = "AUDITOR"  # 纪检/审计
    SERVICE = "SERVICE"  # 集成客户端 (办公平台)


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    REVEAL = "reveal"  # see personal data in clear
    DECIDE = "decide"  # accept or reject what another org sends
    APPROVE = "approve"  # an upper committee's approval (member development)


class Resource(StrEnum):
    ORGANIZATION = "organization"
    USER = "user"
    AUDIT = "audit"
    MEMBER = "member"
    TRANSFER = "transfer"
    DEVELOPMENT = "development"
    DEVELOPMENT_RULES = "development_rules"
    ORG_LIFE = "org_life"
    ORG_LIFE_RULES = "org_life_rules"
    TASK = "task"
    TASK_RULES = "task_rules"
    APPROVAL_ROUTE = "approval_route"
    INDICATOR = "indicator"
    INDICATOR_CATALOG = "indicator_catalog"
    ALERT = "alert"


def grant_resource(role: Role) -> str:
    """Granting a role is its own permission, so policy.csv says who may hand out which role."""
    return f"grant:{role.value}"
