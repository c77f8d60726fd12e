import strawberry


@strawberry.interface(description="任何可按全局 ID 取回的对象 (Relay Node)")
class Node:
    id: strawberry.ID = strawberry.field(description="不透明的全局 ID")
