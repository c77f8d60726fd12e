"""Demo data: a believable enterprise, written through the same domain services as every other door.

Every later area extends `seed` so that `make demo` always shows a living system.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.demo_orglife import seed_org_life
from api.demo_tasks import TaskPeople, seed_tasks
from authz.actor import Actor, load_grants
from authz.roles import Role
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.audit import Caller, audited
from domain.db import create_engine, session_factory
from domain.development import service as development
from domain.development import steps as development_steps
from domain.development.enums import DevelopmentStep
from domain.development.rules import Vote
from domain.development.steps import StepDetails
from domain.indicators import catalog_service, schedule
from domain.members import service as members
from domain.members.enums import Category, Education, Ethnicity, Gender, MemberStatus, SpecialState
from domain.members.rules import ADULT_AGE, age_on
from domain.orgs import service as orgs
from domain.orgs.models import Organization, OrgType
from domain.personal_data import PersonalDataCipher, id_check_character
from domain.settings import Settings
from domain.timeutil import add_years, today

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


# The member ledger (党员台账): a living branch of believable people, generated from a fixed seed.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
)
_GIVEN = {
    Gender.MALE: "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆旭宇晨阳博文志建国海峰林东亮新龙成兵春德江毅",
    Gender.FEMALE: "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳倩洁晶佳妍欣悦璐萍红梅兰秀英丹蕾薇莉琴露莹雯岚",
}
# Real county-level codes (GB/T 2260) of prefecture seats, with the native place they stand for.
_HAN_REGIONS = (
    ("110105", "北京"), ("120101", "天津"), ("130102", "河北石家庄"), ("140105", "山西太原"),
    ("210202", "辽宁大连"), ("230102", "黑龙江哈尔滨"), ("310104", "上海"), ("320102", "江苏南京"),
    ("330106", "浙江杭州"), ("340102", "安徽合肥"), ("350102", "福建福州"), ("360102", "江西南昌"),
    ("370102", "山东济南"), ("370202", "山东青岛"), ("410102", "河南郑州"), ("420102", "湖北武汉"),
    ("430102", "湖南长沙"), ("440106", "广东广州"), ("500103", "重庆"), ("510107", "四川成都"),
    ("610102", "陕西西安"), ("620102", "甘肃兰州"),
)  # fmt: skip
_MINORITIES = (
    (Ethnicity["HUI"], "640104", "宁夏银川"), (Ethnicity["MANCHU"], "210102", "辽宁沈阳"),
    (Ethnicity["ZHUANG"], "450102", "广西南宁"), (Ethnicity["MONGOL"], "150102", "内蒙古呼和浩特"),
    (Ethnicity["TUJIA"], "433101", "湖南吉首"), (Ethnicity["MIAO"], "520102", "贵州贵阳"),
    (Ethnicity["KOREAN"], "222401", "吉林延吉"), (Ethnicity["YI"], "530102", "云南昆明"),
)  # fmt: skip
_MOBILE_PREFIXES = ("138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188", "133")
E = Education
_EDUCATION_MIX = {
    "tech": {E.UNDERGRADUATE: 35, E.JUNIOR_COLLEGE: 35, E.TECHNICAL_SECONDARY: 20, E.HIGH_SCHOOL: 8, E.POSTGRADUATE: 2},
    "engineering": {E.UNDERGRADUATE: 55, E.JUNIOR_COLLEGE: 25, E.POSTGRADUATE: 15, E.TECHNICAL_SECONDARY: 5},
    "office": {E.UNDERGRADUATE: 60, E.POSTGRADUATE: 25, E.JUNIOR_COLLEGE: 15},
    "service": {E.UNDERGRADUATE: 45, E.JUNIOR_COLLEGE: 40, E.TECHNICAL_SECONDARY: 10, E.POSTGRADUATE: 5},
    "research": {E.POSTGRADUATE: 65, E.UNDERGRADUATE: 35},
    "retired": {
        E.HIGH_SCHOOL: 25, E.TECHNICAL_SECONDARY: 25, E.JUNIOR_COLLEGE: 25, E.JUNIOR_HIGH: 12, E.UNDERGRADUATE: 10,
        E.PRIMARY_OR_BELOW: 3,
    },
}  # fmt: skip
_DEGREES = {E.POSTGRADUATE: "硕士", E.UNDERGRADUATE: "学士"}


@dataclass(frozen=True)
class _Profile:
    """What the members of one kind of branch look like."""

    department: str
    posts: tuple[str, ...]
    male_share: float
    size: tuple[int, int]
    education: str = "office"
    born: tuple[int, int] = (1966, 2000)
    student_share: float = 0.0


def _office(department: str, *posts: str, male: float = 0.5, size: tuple[int, int] = (8, 11)) -> _Profile:
    return _Profile(department, posts, male, size)


_OPERATIONS = ("值长", "单元长", "主值班员", "副值班员", "巡检员")
_PROFILES = {
    "运行一值党支部": _Profile("发电运行部运行一值", _OPERATIONS, 0.85, (15, 20), "tech"),
    "运行二值党支部": _Profile("发电运行部运行二值", _OPERATIONS, 0.85, (14, 19), "tech"),
    "运行三值党支部": _Profile("发电运行部运行三值", _OPERATIONS, 0.85, (14, 19), "tech"),
    "检修部党支部": _Profile(
        "设备检修部",
        ("电气检修工", "热控检修工", "锅炉检修工", "汽机检修工", "专业主管", "班长"),
        0.9,
        (18, 25),
        "tech",
    ),
    "燃料部党支部": _Profile("燃料管理部", ("燃料值班员", "采制化员", "输煤运行工", "燃料专工"), 0.8, (10, 14), "tech"),
    "安全生产部党支部": _office("安全生产部", "安全专工", "生产技术专责", "环保专工", "部门主任", male=0.75),
    "机关第一党支部": _office("综合管理部", "行政专员", "人力资源专员", "财务会计", "部门经理", size=(10, 14)),
    "离退休党支部": _Profile("离退休管理中心", ("退休职工",), 0.7, (20, 25), "retired", (1960, 1966)),
    "风电场党支部": _Profile("风电运维中心", ("风机运维员", "场站站长", "运维班长", "安全员"), 0.88, (12, 18), "tech"),
    "光伏电站党支部": _Profile("光伏运维中心", ("光伏运维员", "站长", "电气值班员"), 0.8, (8, 12), "tech"),
    "储能项目部党支部": _Profile(
        "储能项目部", ("项目经理", "电气工程师", "调试工程师", "安全员"), 0.8, (8, 12), "engineering", (1980, 2000)
    ),
    "工程管理部党支部": _Profile(
        "工程管理部", ("项目经理", "土建工程师", "造价工程师", "质量专责"), 0.75, (10, 14), "engineering"
    ),
    "机关党支部": _office("综合管理部", "行政专员", "人力资源专员", "财务会计", "部门经理", size=(10, 14)),
    "输电工程党支部": _Profile(
        "输电工程部", ("线路工程师", "施工队长", "测量员", "安全员", "项目总工"), 0.92, (16, 22), "engineering"
    ),
    "配电工程党支部": _Profile(
        "配电工程部", ("配电工程师", "施工员", "电缆工", "班组长"), 0.88, (12, 16), "engineering"
    ),
    "项目管理党支部": _Profile(
        "项目管理部", ("项目经理", "计划工程师", "合同专责", "造价工程师"), 0.7, (10, 14), "engineering"
    ),
    "物资供应党支部": _office("物资供应部", "采购专员", "仓库保管员", "物资计划员", "质检员", male=0.65),
    "青年突击队党支部": _Profile(
        "青年突击队", ("技术员", "施工员", "调试工程师"), 0.8, (10, 15), "engineering", (1992, 2002)
    ),
    "智能电网研究所党支部": _Profile(
        "智能电网研究所", ("研究员", "高级工程师", "工程师", "博士后"), 0.7, (12, 18), "research", (1970, 2000), 0.15
    ),
    "新材料研究所党支部": _Profile(
        "新材料研究所", ("研究员", "副研究员", "实验员", "工程师"), 0.6, (8, 12), "research", (1970, 2000), 0.15
    ),
    "数字化研究所党支部": _Profile(
        "数字化研究所", ("软件工程师", "数据工程师", "架构师", "产品经理"), 0.7, (14, 20), "research", (1978, 2000), 0.1
    ),
    "科研管理党支部": _office("科研管理部", "科研管理专责", "知识产权专员", "部门主任"),
    "市场营销党支部": _office("市场营销部", "客户经理", "市场分析师", "营销专责", male=0.55, size=(12, 16)),
    "客户服务党支部": _Profile("客户服务中心", ("客服专员", "客服班长", "用电检查员"), 0.4, (12, 16), "service"),
    "电力交易党支部": _office("电力交易中心", "交易员", "交易分析师", "结算专责", male=0.6),
    "运输调度党支部": _Profile("运输调度中心", ("调度员", "驾驶员", "车队长"), 0.85, (12, 16), "tech"),
    "仓储党支部": _Profile("仓储中心", ("仓库管理员", "叉车司机", "库管班长"), 0.8, (8, 12), "tech"),
    "综合党支部": _office("综合管理部", "行政专员", "财务会计", "部门经理"),
    "办公室党支部": _office("集团办公室", "秘书", "行政专员", "档案管理员", "副主任", size=(10, 14)),
    "党群工作部党支部": _office("党群工作部", "党建专责", "宣传专责", "工会干事", "团委书记", male=0.45),
    "人力资源部党支部": _office("人力资源部", "人事专员", "薪酬专员", "培训专责", male=0.45),
    "财务部党支部": _office("财务部", "会计", "出纳", "财务分析师", "资金专责", male=0.35, size=(10, 14)),
    "规划发展部党支部": _office("规划发展部", "规划专责", "投资分析师", "战略研究员", male=0.6),
    "安全环保部党支部": _office("安全环保部", "安全监察专责", "环保专责", "应急管理专责", male=0.75),
    "审计部党支部": _office("审计部", "审计专责", "内控专责"),
    "法律事务部党支部": _office("法律事务部", "法务专责", "合规专责", "企业法律顾问"),
    "信息中心党支部": _Profile(
        "信息中心", ("网络工程师", "系统管理员", "软件工程师", "信息安全专责"), 0.7, (10, 14), "engineering"
    ),
}
# Posts that take some years to reach: nobody under 32 holds one in the demo.
_SENIOR_POSTS = frozenset(
    {"值长", "单元长", "专业主管", "班长", "部门主任", "部门经理", "场站站长", "站长", "运维班长", "项目经理",
     "施工队长", "项目总工", "班组长", "研究员", "架构师", "车队长", "库管班长", "副主任", "客服班长"}
)  # fmt: skip
# Members away from their home branch (流动党员), and where they are.
_FLOWING = {
    "输电工程党支部": "新疆哈密 ±800千伏特高压直流工程项目部",
    "风电场党支部": "内蒙古锡林郭勒 百万千瓦风电基地项目部",
}
# The demo member account `liu.dangyuan` sees this record, their own, in clear.
_LIU = ("刘志强", Gender.MALE, date(1988, 5, 16), "370102", "山东济南", "13953101688")


class _LedgerWriter:
    """Writes the demo members of each branch through `create_member`, deterministic from a fixed seed."""

    def __init__(self, session: AsyncSession, actor: Actor, cipher: PersonalDataCipher) -> None:
        self.session, self.actor, self.cipher = session, actor, cipher
        self.rng = random.Random(20240628)
        self.today = today()
        self.names: set[str] = set()
        self.id_numbers: set[str] = set()
        self.full_members: dict[int, list[int]] = {}  # branch id -> its first full members, for development

    def _name(self, gender: Gender) -> str:
        while True:
            given = "".join(self.rng.choice(_GIVEN[gender]) for _ in range(self.rng.choice((1, 2, 2))))
            name = self.rng.choice(_SURNAMES) + given
            if name not in self.names:
                self.names.add(name)
                return name

    def _id_number(self, region: str, birth: date, gender: Gender) -> str:
        while True:
            sequence = self.rng.randrange(500) * 2 + (1 if gender is Gender.MALE else 0)
            first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_character(first17)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def _phone(self) -> str:
        return self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def _admission(self, birth: date, probationary: bool) -> tuple[date, date | None]:
        """入党 at 18 or later; full members converted a year after admission, probationers within the year."""
        if probationary:
            return self.today - timedelta(days=self.rng.randint(20, 330)), None
        latest = add_years(self.today, -1) - timedelta(days=self.rng.randint(10, 200))
        joined = add_years(birth, self.rng.randint(19, 30)) + timedelta(days=self.rng.randrange(300))
        joined = min(joined, latest)
        if age_on(birth, joined) < ADULT_AGE:  # never, with these birth years; kept so the rule is visible
            joined = add_years(birth, ADULT_AGE)
        return joined, add_years(joined, 1)

    def _degree(self, education: Education, profile: _Profile) -> str | None:
        if education is E.POSTGRADUATE and profile.education == "research" and self.rng.random() < 0.3:
            return "博士"
        return _DEGREES.get(education)

    def fields(self, profile: _Profile, position: int, flowing_to: str | None) -> members.MemberFields:
        rng = self.rng
        gender = Gender.MALE if rng.random() < profile.male_share else Gender.FEMALE
        student = position >= 3 and rng.random() < profile.student_share
        first, last = (1997, 2002) if student else profile.born
        birth = date(rng.randint(first, last), 1, 1) + timedelta(days=rng.randrange(365))
        if rng.random() < 0.08:
            ethnicity, region, native_place = rng.choice(_MINORITIES)
        else:
            ethnicity = Ethnicity["HAN"]
            region, native_place = rng.choice(_HAN_REGIONS)
        mix = _EDUCATION_MIX[profile.education]
        education = rng.choices(list(mix), weights=list(mix.values()))[0]
        if student:
            education = E.UNDERGRADUATE
        # The first three of every branch are full members; later ones, young or studying, may be probationers.
        young = birth.year >= 1990
        probationary = position >= 3 and young and rng.random() < (0.4 if student else 0.08)
        joined, converted = self._admission(birth, probationary)
        if profile.education == "retired":
            category, post = Category.RETIRED, "退休职工"
        elif student:
            category, post = Category.STUDENT, "联合培养研究生"
        else:
            junior = [p for p in profile.posts if p not in _SENIOR_POSTS] or list(profile.posts)
            posts = profile.posts if age_on(birth, self.today) >= 32 else junior
            category, post = Category.EMPLOYED, rng.choice(posts)
        return members.MemberFields(
            name=self._name(gender),
            gender=gender,
            ethnicity=ethnicity,
            birth_date=birth,
            id_number=self._id_number(region, birth, gender),
            category=category,
            joined_on=joined,
            status=MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL,
            phone=None if category is Category.RETIRED and rng.random() < 0.15 else self._phone(),
            education=education,
            degree=self._degree(education, profile),
            native_place=native_place,
            post=post,
            department=profile.department,
            converted_on=converted,
            special_state=SpecialState.FLOWING if flowing_to else SpecialState.NONE,
            flowing_to=flowing_to,
        )

    async def branch(self, branch: Organization, groups: list[Organization]) -> None:
        """The branch's members, spread over its groups."""
        profile = _PROFILES.get(branch.name) or _office("综合管理部", "行政专员", "业务专责")
        for position in range(self.rng.randint(*profile.size)):
            flowing_to = _FLOWING.get(branch.name) if position == 4 else None
            group = groups[position % len(groups)] if groups else None
            assert branch.id is not None
            member = await members.create_member(
                self.session,
                actor=self.actor,
                cipher=self.cipher,
                organization_id=branch.id,
                party_group_id=group.id if group else None,
                fields=self.fields(profile, position, flowing_to),
            )
            if position < 3 and member.id is not None:  # the first three of every branch are full members
                self.full_members.setdefault(branch.id, []).append(member.id)

    async def own_record(self, branch: Organization, group: Organization | None, user: User) -> None:
        """The demo member's record, linked to their account so they see it in clear."""
        name, gender, birth, region, native_place, phone = _LIU
        assert branch.id is not None
        member = await members.create_member(
            self.session,
            actor=self.actor,
            cipher=self.cipher,
            organization_id=branch.id,
            party_group_id=group.id if group else None,
            fields=members.MemberFields(
                name=name,
                gender=gender,
                ethnicity=Ethnicity["HAN"],
                birth_date=birth,
                id_number=self._id_number(region, birth, gender),
                category=Category.EMPLOYED,
                joined_on=date(2010, 6, 18),
                converted_on=date(2011, 6, 18),
                status=MemberStatus.FULL,
                phone=phone,
                education=E.UNDERGRADUATE,
                degree="学士",
                native_place=native_place,
                post="主值班员",
                department=_PROFILES[branch.name].department if branch.name in _PROFILES else None,
            ),
        )
        self.names.add(name)
        assert member.id is not None and user.id is not None
        await members.link_account(self.session, actor=self.actor, member_id=member.id, user_id=user.id)


# Member development (发展党员): files at every stage, each step dated days after the application so that
# every interval rule holds (talk within a month, activist a year before target, approval within 3 months
# of the branch meeting, conversion once probation has ended). The meeting (step 15) is 470 days after it.
_D = DevelopmentStep
_SCHEDULE: tuple[tuple[DevelopmentStep, int], ...] = (
    (_D.APPLICATION, 0), (_D.APPLICANT_TALK, 14), (_D.ACTIVIST_DESIGNATION, 30), (_D.ACTIVIST_FILING, 32),
    (_D.CONTACTS_ASSIGNED, 35), (_D.ACTIVIST_REVIEW, 200), (_D.ACTIVIST_REVIEW, 380), (_D.TARGET_DESIGNATION, 400),
    (_D.TARGET_FILING, 402), (_D.INTRODUCERS_ASSIGNED, 405), (_D.POLITICAL_REVIEW, 420), (_D.SHORT_TRAINING, 440),
    (_D.BRANCH_COMMITTEE_REVIEW, 450), (_D.UPPER_PRE_REVIEW, 455), (_D.APPLICATION_FORM, 460),
    (_D.ADMISSION_VOTE, 470), (_D.UPPER_TALK, 490), (_D.ADMISSION_APPROVAL, 500), (_D.ADMISSION_FILING, 510),
    (_D.PLACEMENT, 515), (_D.OATH, 520), (_D.CONTINUED_EDUCATION, 620), (_D.CONVERSION_APPLICATION, 810),
    (_D.CONVERSION_VOTE, 840), (_D.CONVERSION_APPROVAL, 842), (_D.ARCHIVING, 850),
)  # fmt: skip
# (days since the application, how many scheduled steps are recorded, closing reason): about 18 files.
_DEVELOPMENT: tuple[tuple[int, int, str | None], ...] = (
    (10, 1, None),  # applicant, talk due within the month (yellow)
    (50, 1, None),  # applicant, talk overdue (red)
    (40, 2, None),  # applicant, talked to
    (75, 2, None),
    (100, 5, None),  # activist with contacts
    (300, 6, None),  # activist, reviewed once
    (370, 6, None),  # activist, next review due within 30 days (yellow)
    (390, 7, None),  # activist, reviewed twice
    (460, 12, None),  # target, trained
    (480, 16, None),  # target, voted in by the branch, awaiting approval
    (600, 16, None),  # target, approval overdue (red)
    (670, 22, None),  # probationary
    (820, 22, None),  # probationary, conversion due within 30 days (yellow)
    (850, 23, None),  # probationary, probation ended without a decision (red)
    (900, 26, None),  # full member, converted and archived
    (1000, 26, None),
    (200, 2, "本人撤回入党申请"),
    (500, 6, "经培养考察，暂不具备发展条件"),
)
_DETAILS = {
    _D.APPLICANT_TALK: lambda ids: StepDetails(talker="支部书记"),
    _D.CONTACTS_ASSIGNED: lambda ids: StepDetails(contact_ids=tuple(ids[:2])),
    _D.ACTIVIST_REVIEW: lambda ids: StepDetails(review="思想进步，工作积极，培养考察合格"),
    _D.INTRODUCERS_ASSIGNED: lambda ids: StepDetails(introducer_ids=tuple(ids[:2])),
    _D.POLITICAL_REVIEW: lambda ids: StepDetails(political_review_result="政治审查合格"),
    _D.SHORT_TRAINING: lambda ids: StepDetails(training_days=3, training_hours=24),
    _D.ADMISSION_VOTE: lambda ids: StepDetails(vote=Vote(entitled=12, present=11, yes=10, no=0, abstain=1)),
    _D.CONVERSION_VOTE: lambda ids: StepDetails(vote=Vote(entitled=12, present=10, yes=10, no=0, abstain=0)),
}


async def _development(
    session: AsyncSession,
    writer: _LedgerWriter,
    approver: Actor,
    branches: list[Organization],
) -> None:
    """Development files at every stage, spread over the branches, recorded step by step."""
    rng, day = writer.rng, writer.today
    for n, (days_ago, recorded, closed) in enumerate(_DEVELOPMENT):
        branch = branches[n % len(branches)]
        assert branch.id is not None
        full = writer.full_members[branch.id]
        gender = Gender.MALE if rng.random() < 0.6 else Gender.FEMALE
        birth = date(rng.randint(1992, 2002), 1, 1) + timedelta(days=rng.randrange(365))
        region, _ = rng.choice(_HAN_REGIONS)
        applied = day - timedelta(days=days_ago)
        file = await development.open_file(
            session,
            actor=writer.actor,
            cipher=writer.cipher,
            branch_id=branch.id,
            person=development.Person(
                name=writer._name(gender),
                gender=gender,
                ethnicity=Ethnicity["HAN"],
                birth_date=birth,
                id_number=writer._id_number(region, birth, gender),
                category=Category.EMPLOYED,
                phone=writer._phone(),
                education=E.UNDERGRADUATE,
            ),
            applied_on=applied,
        )
        assert file.id is not None
        for step, offset in _SCHEDULE[1:recorded]:
            await development_steps.record_step(
                session,
                actor=approver if step in development_steps.APPROVALS else writer.actor,
                cipher=writer.cipher,
                file_id=file.id,
                step=step,
                on=applied + timedelta(days=offset),
                details=_DETAILS[step](full) if step in _DETAILS else StepDetails(),
            )
        if closed:
            await development.close_file(session, actor=writer.actor, file_id=file.id, reason=closed)


async def is_empty(session: AsyncSession) -> bool:
    orgs_count = await session.scalar(select(func.count()).select_from(Organization))
    users_count = await session.scalar(select(func.count()).select_from(User))
    return not orgs_count and not users_count


async def _build(session: AsyncSession, cipher: PersonalDataCipher) -> None:
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
    branch_groups: list[tuple[Organization, list[Organization]]] = []
    seconds: list[Organization] = []
    for name, kind, code, branches in _SUBSIDIARIES:
        second = await add(root, name, kind, f"ZR-{code}")
        seconds.append(second)
        keys.setdefault("power", second)
        for b, (branch_name, group_names) in enumerate(branches, start=1):
            branch = await add(second, branch_name, OrgType.BRANCH, f"ZR-{code}-{b:02d}")
            keys.setdefault("branch", branch)
            groups = [
                await add(branch, group_name, OrgType.GROUP, f"ZR-{code}-{b:02d}-{g}")
                for g, group_name in enumerate(group_names, start=1)
            ]
            branch_groups.append((branch, groups))

    users: dict[str, User] = {}
    for username, display, role, key, subtree, _ in _PEOPLE[1:]:
        user = await accounts.create_user(
            session, actor=actor, username=username, password=DEMO_PASSWORD, display_name=display
        )
        org_id = keys[key or "root"].id
        assert user.id is not None and org_id is not None
        await accounts.grant_role(
            session, actor=actor, user_id=user.id, role=role, organization_id=org_id, subtree=subtree
        )
        users[username] = user

    # The ledger is kept by the group's party-affairs worker: an ADMIN reads members but never writes them.
    keeper = users["li.dangwu"]
    assert keeper.id is not None
    keeper_actor = Actor(user_id=keeper.id, username=keeper.username, grants=await load_grants(session, keeper.id))
    ledger = _LedgerWriter(session, keeper_actor, cipher)
    for branch, groups in branch_groups:
        if branch is keys["branch"]:
            await ledger.own_record(branch, groups[0] if groups else None, users["liu.dangyuan"])
        await ledger.branch(branch, groups)
    # Approvals (steps 13, 16, 17, 24) by the group committee's secretary, the upper committee of them all.
    secretary = users["wang.shuji"]
    assert secretary.id is not None
    approver = Actor(user_id=secretary.id, username=secretary.username, grants=await load_grants(session, secretary.id))
    working = [b for b, _ in branch_groups if b.name != "离退休党支部"]
    await _development(session, ledger, approver, working[::3])
    await seed_org_life(
        session,
        keeper=keeper_actor,
        approver=approver,
        root=root,
        seconds=seconds,
        branch_groups=branch_groups,
        day=ledger.today,
    )

    async def acting(username: str) -> Actor:
        user = users[username]
        assert user.id is not None
        return Actor(user_id=user.id, username=user.username, grants=await load_grants(session, user.id))

    people = TaskPeople(
        keeper=keeper_actor,
        approver=approver,
        subsidiary=await acting("zhao.fadian"),
        branch=await acting("chen.zhibu"),
        member=await acting("liu.dangyuan"),
    )
    await seed_tasks(session, people=people, root=root, power=keys["power"], branch=keys["branch"], day=ledger.today)
    # The control center's first screen: the default indicators, then the round the server runs (the closed
    # periods' final snapshots, the open ones' values, the alerts).
    await catalog_service.load_default_if_empty(session)
    await schedule.tick(session, today=ledger.today)


async def seed(settings: Settings) -> bool:
    """Write the demo enterprise into an empty database; True if it did."""
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            if not await is_empty(session):
                return False
        cipher = PersonalDataCipher.from_hex(settings.personal_data_key.get_secret_value())
        await audited(
            sessions, caller=Caller(None, None, "cli"), operation="seedDemo", work=partial(_build, cipher=cipher)
        )
        return True
    finally:
        await engine.dispose()


def quarter_key(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"
