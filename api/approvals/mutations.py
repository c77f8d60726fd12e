import strawberry


@strawberry.type
class ApprovalMutations:
    pass
