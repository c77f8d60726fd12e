"""Composes the areas into one schema; the limits and error shaping of API.md are set here."""

from collections.abc import Callable, Iterator
from contextlib import suppress
from functools import partial

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.extensions.base_extension import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule

from api.accounts.mutations import AccountMutations
from api.accounts.queries import AccountQueries
from api.accounts.types import Grant, User
from api.approvals.mutations import ApprovalMutations
from api.approvals.queries import ApprovalQueries
from api.audit.queries import AuditQueries
from api.audit.types import AuditRecord
from api.development.mutations import DevelopmentMutations
from api.development.queries import DevelopmentQueries
from api.errors import ShapeErrors
from api.indicators.alert_center import AlertCenterMutations, AlertCenterQueries
from api.indicators.catalog import CatalogMutations, CatalogQueries
from api.indicators.center import CenterQueries
from api.indicators.evaluation import EvaluationQueries
from api.indicators.values import ValueMutations, ValueQueries
from api.limits import cost_limit_rule
from api.members.mutations import MemberMutations
from api.members.queries import MemberQueries
from api.members.stats import MemberStatsQueries
from api.members.transfers import TransferMutations, TransferQueries
from api.node_queries import NodeQueries
from api.orglife.compliance_queries import ComplianceQueries
from api.orglife.meeting_mutations import MeetingMutations
from api.orglife.meeting_queries import MeetingQueries
from api.orglife.overview import OrgLifeQueries
from api.orglife.rules import OrgLifeRulesMutations, OrgLifeRulesQueries
from api.orglife.study_mutations import StudyMutations
from api.orglife.study_queries import StudyQueries
from api.orglife.term_mutations import TermMutations
from api.orglife.term_queries import TermQueries
from api.orgs.mutations import OrgMutations
from api.orgs.queries import OrgQueries
from api.orgs.types import Organization
from api.tasks.alerts import TaskAlertQueries
from api.tasks.assignment_mutations import AssignmentMutations
from api.tasks.assignment_queries import AssignmentQueries
from api.tasks.plan_mutations import PlanMutations
from api.tasks.plan_queries import PlanQueries
from api.tasks.rules import TaskRulesMutations, TaskRulesQueries
from api.tasks.template_mutations import TemplateMutations
from api.tasks.template_queries import TemplateQueries
from api.tasks.todos import TodoQueries
from domain.settings import Settings


@strawberry.type(description="查询")
class Query(
    AccountQueries,
    NodeQueries,
    OrgQueries,
    AuditQueries,
    MemberQueries,
    MemberStatsQueries,
    TransferQueries,
    DevelopmentQueries,
    OrgLifeRulesQueries,
    OrgLifeQueries,
    StudyQueries,
    MeetingQueries,
    TermQueries,
    ComplianceQueries,
    TemplateQueries,
    PlanQueries,
    AssignmentQueries,
    ApprovalQueries,
    TodoQueries,
    TaskAlertQueries,
    TaskRulesQueries,
    CatalogQueries,
    ValueQueries,
    EvaluationQueries,
    CenterQueries,
    AlertCenterQueries,
):
    pass


@strawberry.type(description="变更：每个变更在一个事务内完成，并留下一条审计记录")
class Mutation(
    AccountMutations,
    OrgMutations,
    MemberMutations,
    TransferMutations,
    DevelopmentMutations,
    OrgLifeRulesMutations,
    StudyMutations,
    MeetingMutations,
    TermMutations,
    TemplateMutations,
    PlanMutations,
    AssignmentMutations,
    ApprovalMutations,
    TaskRulesMutations,
    CatalogMutations,
    ValueMutations,
    AlertCenterMutations,
):
    pass


class _ParserCache(ParserCache):
    """strawberry's ParserCache lets a syntax error (or a token limit) escape from its hook, past the
    operation's error handling, so ShapeErrors never saw it and it left without a code. On failure the
    document stays unset: strawberry parses again inside its own handling and the error is shaped."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(context.query, **context.parse_options)
        yield


def build_schema(settings: Settings) -> strawberry.Schema:
    # The validation cache is keyed by the rule classes too. MaxAliasesLimiter and QueryDepthLimiter make a
    # new class per instance, so as per-request factories they made every request miss the cache (bench/
    # measured 0 hits). Their rule classes are made here, once per schema, and added by one factory.
    rules: list[type[ASTValidationRule]] = [
        max_aliases_rule(settings.max_aliases),
        max_depth_rule(settings.max_query_depth, None),
        cost_limit_rule(settings.max_query_cost),
    ]
    # Factories, not instances: each request gets fresh extension state; the caches are shared anyway.
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        ShapeErrors,
        partial(_ParserCache, maxsize=256),
        partial(ValidationCache, maxsize=256),
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(AddValidationRules, rules),
    ]
    if settings.is_production:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[Organization, User, Grant, AuditRecord],
        extensions=extensions,
    )
