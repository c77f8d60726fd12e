"""The cost limit of API.md: every field costs 1, and a connection multiplies what it contains by `first`.

Depth, alias and token limits come from strawberry's extensions; cost needs the schema's types and the
document's fragments, so it is a validation rule of its own.
"""

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
)

from domain.paging import DEFAULT_PAGE, MAX_PAGE

QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"


def _page_size(field: FieldNode) -> int:
    for argument in field.arguments or ():
        if argument.name.value in {"first", "last"}:
            if isinstance(argument.value, IntValueNode):
                return max(int(argument.value.value), 1)
            return MAX_PAGE  # a variable: assume the largest page it could ask for
    return DEFAULT_PAGE


def cost_limit_rule(max_cost: int) -> type[ValidationRule]:
    class CostLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = {
                f.name.value: f for f in context.document.definitions if isinstance(f, FragmentDefinitionNode)
            }

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            root = self.context.schema.get_root_type(node.operation)
            cost = self._cost(node.selection_set, root, 1, set())
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"查询代价 {cost} 超过上限 {max_cost}，请减少每页条数或嵌套 (query too costly)",
                        node,
                        extensions={"code": QUERY_TOO_COSTLY},
                    )
                )

        def _cost(self, selections: SelectionSetNode | None, parent: Any, multiplier: int, seen: set[str]) -> int:
            if selections is None:
                return 0
            total = 0
            for selection in selections.selections:
                if isinstance(selection, FieldNode):
                    total += multiplier
                    definition = getattr(parent, "fields", {}).get(selection.name.value)
                    if definition is None:
                        continue
                    child = get_named_type(definition.type)
                    inner = multiplier * _page_size(selection) if child.name.endswith("Connection") else multiplier
                    total += self._cost(selection.selection_set, child, inner, seen)
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    target = self.context.schema.get_type(condition.name.value) if condition else parent
                    total += self._cost(selection.selection_set, target, multiplier, seen)
                elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                    fragment = self.fragments.get(selection.name.value)
                    if fragment is not None:
                        target = self.context.schema.get_type(fragment.type_condition.name.value)
                        total += self._cost(fragment.selection_set, target, multiplier, seen | {selection.name.value})
            return total

    return CostLimit
