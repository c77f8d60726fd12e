import strawberry


@strawberry.type
class PlanMutations:
    pass
