"""Demo data: a believable enterprise, written through the same domain services as every other door.

Every later area extends `seed` so that `make demo` always shows a living system.
"""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor, load_grants
from authz.roles import Role
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.audit import Caller, audited
from domain.db import create_engine, session_factory
from domain.orgs import service as orgs
from domain.orgs.models import Organization, OrgType
from domain.settings import Settings

DEMO_PASSWORD = "Demo@2026zhdj"

# (username, display name, role, org key, subtree, description)
_PEOPLE = [
    ("zhang.admin", "张管理", Role.ADMIN, None, True, "系统管理员 ADMIN（全局）"),
    ("li.dangwu", "李党务", Role.ORG_ADMIN, "root", True, "集团党委 党务工作者 ORG_ADMIN"),
    ("wang.shuji", "王书记", Role.SECRETARY, "root", True, "集团党委书记 SECRETARY"),
    ("zhao.fadian", "赵书记", Role.SECRETARY, "power", True, "发电公司党委书记 SECRETARY"),
    ("chen.zhibu", "陈书记", Role.SECRETARY, "branch", True, "运行一值党支部书记 SECRETARY"),
    ("liu.dangyuan", "刘党员", Role.MEMBER, "branch", False, "运行一值党支部党员 MEMBER"),
    ("sun.jijian", "孙纪检", Role.AUDITOR, "root", True, "集团纪委 审计 AUDITOR"),
    ("office.platform", "办公平台", Role.SERVICE, "root", True, "办公平台集成账号 SERVICE"),
]
DEMO_ACCOUNTS = [(p[0], p[5]) for p in _PEOPLE]

# Second level: (name, type, code suffix, [(branch name, [group names])])
_SUBSIDIARIES: list[tuple[str, OrgType, str, list[tuple[str, list[str]]]]] = [
    (
        "发电有限公司党委",
        OrgType.COMMITTEE,
        "FD",
        [
            ("运行一值党支部", ["第一党小组", "第二党小组"]),
            ("运行二值党支部", ["第一党小组", "第二党小组"]),
            ("运行三值党支部", ["第一党小组", "第二党小组"]),
            ("检修部党支部", ["电气党小组", "热控党小组", "锅炉党小组"]),
            ("燃料部党支部", ["第一党小组"]),
            ("安全生产部党支部", []),
            ("机关第一党支部", ["综合党小组"]),
            ("离退休党支部", ["第一党小组", "第二党小组"]),
        ],
    ),
    (
        "新能源有限公司党委",
        OrgType.COMMITTEE,
        "XNY",
        [
            ("风电场党支部", ["北区党小组", "南区党小组"]),
            ("光伏电站党支部", ["第一党小组"]),
            ("储能项目部党支部", []),
            ("工程管理部党支部", ["第一党小组"]),
            ("机关党支部", ["综合党小组"]),
        ],
    ),
    (
        "电网工程有限公司党委",
        OrgType.COMMITTEE,
        "DW",
        [
            ("输电工程党支部", ["线路党小组", "变电党小组"]),
            ("配电工程党支部", ["第一党小组"]),
            ("项目管理党支部", []),
            ("物资供应党支部", ["第一党小组"]),
            ("机关党支部", ["第一党小组"]),
            ("青年突击队党支部", []),
        ],
    ),
    (
        "科技研究院党委",
        OrgType.COMMITTEE,
        "KY",
        [
            ("智能电网研究所党支部", ["第一党小组"]),
            ("新材料研究所党支部", []),
            ("数字化研究所党支部", ["第一党小组", "第二党小组"]),
            ("科研管理党支部", []),
        ],
    ),
    (
        "销售有限公司党总支",
        OrgType.GENERAL_BRANCH,
        "XS",
        [
            ("市场营销党支部", ["第一党小组"]),
            ("客户服务党支部", ["第一党小组"]),
            ("电力交易党支部", []),
        ],
    ),
    (
        "物流有限公司党总支",
        OrgType.GENERAL_BRANCH,
        "WL",
        [
            ("运输调度党支部", ["第一党小组"]),
            ("仓储党支部", []),
            ("综合党支部", ["第一党小组"]),
        ],
    ),
    (
        "集团机关党委",
        OrgType.COMMITTEE,
        "JG",
        [
            ("办公室党支部", ["第一党小组"]),
            ("党群工作部党支部", ["第一党小组"]),
            ("人力资源部党支部", []),
            ("财务部党支部", ["第一党小组"]),
            ("规划发展部党支部", []),
            ("安全环保部党支部", []),
            ("审计部党支部", []),
            ("法律事务部党支部", []),
            ("信息中心党支部", ["第一党小组"]),
        ],
    ),
]
ROOT_NAME = "中润能源集团有限公司党委"


async def is_empty(session: AsyncSession) -> bool:
    orgs_count = await session.scalar(select(func.count()).select_from(Organization))
    users_count = await session.scalar(select(func.count()).select_from(User))
    return not orgs_count and not users_count


async def _build(session: AsyncSession) -> None:
    admin = await accounts.create_admin(
        session, username=_PEOPLE[0][0], password=DEMO_PASSWORD, display_name=_PEOPLE[0][1]
    )
    assert admin.id is not None
    actor = Actor(user_id=admin.id, username=admin.username, grants=await load_grants(session, admin.id))
    started = date(2024, 6, 28)

    async def add(parent: Organization | None, name: str, kind: OrgType, code: str) -> Organization:
        return await orgs.create_org(
            session,
            actor=actor,
            parent_id=parent.id if parent else None,
            name=name,
            type=kind,
            code=code,
            established_on=date(2003, 7, 1),
            term_started_on=started if kind is not OrgType.GROUP else None,
        )

    root = await add(None, ROOT_NAME, OrgType.COMMITTEE, "ZR")
    keys: dict[str, Organization] = {"root": root}
    for name, kind, code, branches in _SUBSIDIARIES:
        second = await add(root, name, kind, f"ZR-{code}")
        keys.setdefault("power", second)
        for b, (branch_name, groups) in enumerate(branches, start=1):
            branch = await add(second, branch_name, OrgType.BRANCH, f"ZR-{code}-{b:02d}")
            keys.setdefault("branch", branch)
            for g, group_name in enumerate(groups, start=1):
                await add(branch, group_name, OrgType.GROUP, f"ZR-{code}-{b:02d}-{g}")

    for username, display, role, key, subtree, _ in _PEOPLE[1:]:
        user = await accounts.create_user(
            session, actor=actor, username=username, password=DEMO_PASSWORD, display_name=display
        )
        org_id = keys[key or "root"].id
        assert user.id is not None and org_id is not None
        await accounts.grant_role(
            session, actor=actor, user_id=user.id, role=role, organization_id=org_id, subtree=subtree
        )


async def seed(settings: Settings) -> bool:
    """Write the demo enterprise into an empty database; True if it did."""
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            if not await is_empty(session):
                return False
        await audited(sessions, caller=Caller(None, None, "cli"), operation="seedDemo", work=_build)
        return True
    finally:
        await engine.dispose()
