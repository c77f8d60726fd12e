import strawberry


@strawberry.type
class PlanQueries:
    pass
