import strawberry


@strawberry.type
class TemplateQueries:
    pass
