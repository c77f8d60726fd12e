import strawberry


@strawberry.type
class AssignmentMutations:
    pass
