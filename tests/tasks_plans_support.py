"""What the template and plan tests share: the mutations as a client sends them, and a library of two
templates at 集团党委."""

from typing import Any

from tests.fixtures import Api, gid
from tests.mutation_support import accepted
from tests.tasks_support import TaskTree

TEMPLATE_FIELDS = """
  id lineageId version current title category description defaultObjective defaultDepartment defaultSection
  defaultBudget defaultDurationDays defaultMilestones { title offsetDays } supersededAt organization { name }
"""
ITEM_FIELDS = """
  id position title category objective managingDepartment responsibleSection startsOn dueOn budget executorCount
  plannedBudget spent cancelledAt cancelReason template { id version } executorMember { name }
  executorUser { username } milestones { title dueOn } executingOrganizations(first: 10) { totalCount nodes { name } }
"""
PLAN_FIELDS = f"""
  id title year status revision version publishedAt approvedAt plannedBudget spent organization {{ name }}
  items {{ {ITEM_FIELDS} }} approvals {{ id status title }}
"""
_T = f"template {{ {TEMPLATE_FIELDS} }} errors {{ field message code }}"
_P = f"plan {{ {PLAN_FIELDS} }} errors {{ field message code }}"
CREATE_TEMPLATE = f"mutation($input: TaskTemplateInput!) {{ createTaskTemplate(input: $input) {{ {_T} }} }}"
UPDATE_TEMPLATE = f"mutation($input: UpdateTaskTemplateInput!) {{ updateTaskTemplate(input: $input) {{ {_T} }} }}"
CREATE_PLAN = f"mutation($input: CreatePlanInput!) {{ createPlan(input: $input) {{ {_P} }} }}"
ADD_ITEMS = f"mutation($input: AddPlanItemsInput!) {{ addPlanItems(input: $input) {{ {_P} }} }}"
UPDATE_ITEM = f"mutation($input: UpdatePlanItemInput!) {{ updatePlanItem(input: $input) {{ {_P} }} }}"
REMOVE_ITEM = f"mutation($input: RemovePlanItemInput!) {{ removePlanItem(input: $input) {{ {_P} }} }}"
PUBLISH = f"mutation($input: PublishPlanInput!) {{ publishPlan(input: $input) {{ {_P} }} }}"
REVISE = f"mutation($input: RevisePlanInput!) {{ revisePlan(input: $input) {{ {_P} }} }}"


def template_input(tree: TaskTree, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organizationId": gid("Organization", tree.ledger.root.id),
        "title": "开展联建共建活动",
        "category": "JOINT_BUILDING",
        "description": "与驻地单位党组织联建共建",
        "defaultObjective": "签订共建协议，开展活动不少于 2 次",
        "defaultDepartment": "党委工作部",
        "defaultSection": "组织科",
        "defaultBudget": "2000.50",
        "defaultDurationDays": 90,
        "defaultMilestones": [{"title": "签订协议", "offsetDays": 30}, {"title": "开展活动", "offsetDays": 90}],
    }
    values.update(overrides)
    return values


async def library(api: Api, tree: TaskTree) -> list[dict[str, Any]]:
    """Two templates in 集团党委's library: one with a 90-day duration and two steps, one without either."""
    token = tree.token(tree.ledger.org_admin)
    first = await accepted(api, tree.build, CREATE_TEMPLATE, template_input(tree), token)
    second = await accepted(
        api,
        tree.build,
        CREATE_TEMPLATE,
        template_input(
            tree,
            title="学习第一议题",
            category="FIRST_AGENDA",
            description=None,
            defaultBudget=None,
            defaultDurationDays=None,
            defaultMilestones=[],
        ),
        token,
    )
    return [first["template"], second["template"]]


async def draft(api: Api, tree: TaskTree, year: int, **overrides: Any) -> dict[str, Any]:
    values = {"organizationId": gid("Organization", tree.ledger.root.id), "year": year, "title": "集团党委年度工作计划"}
    values.update(overrides)
    payload = await accepted(api, tree.build, CREATE_PLAN, values, tree.token(tree.ledger.org_admin))
    plan: dict[str, Any] = payload["plan"]
    return plan


def item_input(tree: TaskTree, year: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "建设党员活动室",
        "category": "ORG_BUILDING",
        "objective": "年内建成并投入使用",
        "managingDepartment": "党委工作部",
        "responsibleSection": "宣传科",
        "startsOn": f"{year}-03-01",
        "dueOn": f"{year}-06-30",
        "budget": "15000",
        "executingOrganizationIds": [gid("Organization", tree.ledger.branch.id)],
        "milestones": [{"title": "选址", "dueOn": f"{year}-03-31"}],
    }
    values.update(overrides)
    return values


def branches_under_root(tree: TaskTree) -> dict[str, Any]:
    return {"organizationId": gid("Organization", tree.ledger.root.id), "orgTypes": ["BRANCH"]}
