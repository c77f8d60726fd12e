import strawberry


@strawberry.type
class TodoQueries:
    pass
