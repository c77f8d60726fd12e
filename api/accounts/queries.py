import strawberry

from api.accounts.types import User, user_from_row
from api.context import ZInfo
from api.permissions import Authenticated
from domain.accounts.service import visible_user


@strawberry.type
class AccountQueries:
    @strawberry.field(description="当前登录的用户及其授权", permission_classes=[Authenticated])
    async def me(self, info: ZInfo) -> User | None:
        actor = info.context.require_actor()
        async with info.context.sessions() as session:
            user = await visible_user(session, actor=actor, user_id=actor.user_id)
        return user_from_row(user) if user else None
