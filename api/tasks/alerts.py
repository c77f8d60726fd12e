import strawberry


@strawberry.type
class TaskAlertQueries:
    pass
