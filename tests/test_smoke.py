from domain.orgs.models import OrgType
from tests.fixtures import Api, Builder, gid


async def test_a_secretary_reads_their_subtree(api: Api, build: Builder) -> None:
    root = await build.org("集团党委", OrgType.COMMITTEE)
    branch = await build.org("第一党支部", OrgType.BRANCH, parent=root)
    from authz.roles import Role

    user = await build.user("sec", grants=[(Role.SECRETARY, branch, True)])
    data = await api.data(
        "query($id: ID!){ organization(id: $id){ name } organizations { totalCount nodes { name } } }",
        {"id": gid("Organization", branch.id)},
        token=build.token(user),
    )
    assert data["organization"] == {"name": "第一党支部"}
    assert data["organizations"] == {"totalCount": 1, "nodes": [{"name": "第一党支部"}]}
