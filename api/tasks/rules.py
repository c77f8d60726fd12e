import strawberry


@strawberry.type
class TaskRulesQueries:
    pass


@strawberry.type
class TaskRulesMutations:
    pass
