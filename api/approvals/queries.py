import strawberry


@strawberry.type
class ApprovalQueries:
    pass
