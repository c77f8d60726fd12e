import strawberry


@strawberry.type
class AssignmentQueries:
    pass
