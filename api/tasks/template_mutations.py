import strawberry


@strawberry.type
class TemplateMutations:
    pass
