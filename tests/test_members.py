"""The member ledger through /graphql: creating and updating records, reading them back, personal data at rest."""

from datetime import date

from sqlalchemy import select, text

from domain.members.models import Member, MemberOrgHistory
from domain.members.service import ID_NUMBER as ID_PURPOSE
from domain.members.service import PHONE as PHONE_PURPOSE
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.members_support import (
    ID_NUMBER,
    PHONE,
    accepted,
    cipher,
    ledger,
    make_id_number,
    member_input,
    refused,
)

MEMBER = "query($id: ID!) { member(id: $id) { id name idNumber phone version } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on Member { name idNumber } } }"


async def test_an_org_admin_creates_a_member_shown_masked_with_its_computed_fields(api: Api, build: Builder) -> None:
    # given the ORG_ADMIN of the committee above 第一党支部
    book = await ledger(build)

    # when they create a full member there, in 第一党小组
    member = await accepted(
        api,
        build,
        "createMember",
        member_input(
            book.branch,
            name=" 张三 ",
            partyGroupId=gid("Organization", book.group.id),
            ethnicity="HUI",
            nativePlace="四川成都",
            post="工程师",
            department="技术部",
            degree="学士",
        ),
        book.token(book.org_admin),
    )

    # then the record reads back with the personal data masked and the computed fields filled in
    born = date(1988, 3, 14)
    age = today().year - born.year - ((today().month, today().day) < (born.month, born.day))
    standing = today().year - 2016 - ((today().month, today().day) < (7, 1))
    assert member["id"].startswith(gid("Member", 1)[:4])
    assert (member["idNumber"], member["phone"]) == ("510107********1234", "138****5678")
    assert (member["name"], member["gender"], member["ethnicity"], member["birthDate"]) == (
        "张三",
        "MALE",
        "HUI",
        "1988-03-14",
    )
    assert (member["nativePlace"], member["post"], member["department"], member["degree"]) == (
        "四川成都",
        "工程师",
        "技术部",
        "学士",
    )
    assert (member["age"], member["partyStanding"], member["probationEndsOn"]) == (age, standing, "2016-07-01")
    assert (member["status"], member["specialState"], member["recordState"], member["version"]) == (
        "FULL",
        "NONE",
        "ACTIVE",
        1,
    )
    assert member["overdueForConversion"] is False
    assert member["organization"] == {"id": gid("Organization", book.branch.id), "name": "第一党支部"}
    assert member["partyGroup"] == {"id": gid("Organization", book.group.id), "name": "第一党小组"}

    # and the member's org history starts on the admission date, and the trail names them without personal data
    async with build.sessions() as session:
        history = (await session.execute(select(MemberOrgHistory))).scalars().all()
    assert [(h.organization_id, h.started_on, h.ended_on, h.reason) for h in history] == [
        (book.branch.id, date(2015, 7, 1), None, "CREATED")
    ]
    record = (await build.audit_records())[-1]
    assert (record.object_type, record.org_id, record.org_path) == ("Member", book.branch.id, book.branch.path)
    assert record.changes is not None and record.changes["name"] == "张三"
    assert ID_NUMBER not in str(record.changes) and PHONE not in str(record.changes)


async def test_a_probationary_member_past_a_year_is_overdue_for_conversion(api: Api, build: Builder) -> None:
    book = await ledger(build)
    member = await accepted(
        api,
        build,
        "createMember",
        member_input(book.branch, status="PROBATIONARY", convertedOn=None, joinedOn="2020-01-01", phone=None),
        book.token(book.org_admin),
    )
    assert (member["status"], member["partyStanding"], member["overdueForConversion"]) == ("PROBATIONARY", None, True)
    assert member["phone"] is None


async def test_personal_data_is_stored_encrypted_and_hashed_never_in_clear(api: Api, build: Builder) -> None:
    # given a member created through the API
    book = await ledger(build)
    await accepted(api, build, "createMember", member_input(book.branch), book.token(book.org_admin))

    # when the member table is read directly
    async with build.sessions() as session:
        row = (
            await session.execute(
                text("SELECT id_number_cipher, id_number_key, id_number_masked, phone_cipher, phone_masked FROM member")
            )
        ).one()

    # then no column holds the clear ID number or phone, and only the key decrypts them
    id_cipher, id_key, id_masked, phone_cipher, phone_masked = row
    opaque = bytes(id_cipher) + bytes(phone_cipher) + id_key.encode()
    for clear in (ID_NUMBER, PHONE, ID_NUMBER[6:14], ID_NUMBER[-4:], PHONE[3:7], PHONE[-4:]):
        assert clear.encode() not in opaque
    assert (id_masked, phone_masked) == ("510107********1234", "138****5678")  # the birth date and middle are gone
    assert cipher(build).decrypt(bytes(id_cipher), ID_PURPOSE) == ID_NUMBER
    assert cipher(build).decrypt(bytes(phone_cipher), PHONE_PURPOSE) == PHONE
    assert id_key == cipher(build).index_key(ID_NUMBER, ID_PURPOSE)


async def test_an_update_changes_only_the_fields_sent_and_bumps_the_version(api: Api, build: Builder) -> None:
    # given a member in 第一党支部
    book = await ledger(build)
    created = await book.add("李四", "201", department="财务部", post="会计")
    token = book.token(book.org_admin)

    # when the ORG_ADMIN changes the department, clears the post and places them in 第一党小组
    member = await accepted(
        api,
        build,
        "updateMember",
        {
            "id": gid("Member", created.id),
            "version": 1,
            "department": "审计部",
            "post": None,
            "partyGroupId": gid("Organization", book.group.id),
        },
        token,
    )

    # then just those change, the version is 2, and the trail shows the difference
    assert (member["department"], member["post"], member["partyGroup"]["name"], member["version"]) == (
        "审计部",
        None,
        "第一党小组",
        2,
    )
    assert (member["name"], member["joinedOn"], member["phone"]) == ("李四", "2015-07-01", "138****5678")
    changes = (await build.audit_records())[-1].changes
    assert changes == {
        "department": {"from": "财务部", "to": "审计部"},
        "post": {"from": "会计", "to": None},
        "party_group_id": {"from": None, "to": book.group.id},
    }

    # and leaving the group again is a null
    member = await accepted(
        api, build, "updateMember", {"id": gid("Member", created.id), "version": 2, "partyGroupId": None}, token
    )
    assert (member["partyGroup"], member["version"]) == (None, 3)


async def test_a_new_id_number_and_phone_are_re_encrypted_and_the_trail_only_says_they_changed(
    api: Api, build: Builder
) -> None:
    book = await ledger(build)
    created = await book.add("王五", "301", birth=date(1985, 6, 1))
    new_number = make_id_number(region="110101", birth=date(1985, 6, 1), seq="551")
    member = await accepted(
        api,
        build,
        "updateMember",
        {"id": gid("Member", created.id), "version": 1, "idNumber": new_number, "phone": "010-62345678"},
        book.token(book.org_admin),
    )
    assert (member["idNumber"], member["phone"]) == (f"110101********{new_number[-4:]}", "010*****5678")
    changes = (await build.audit_records())[-1].changes
    assert changes == {"id_number": "***", "phone": "***"}
    async with build.sessions() as session:
        stored = await session.get(Member, created.id)
    assert stored is not None and cipher(build).decrypt(stored.id_number_cipher, ID_PURPOSE) == new_number


async def test_an_update_with_an_old_version_is_stale_and_changes_nothing(api: Api, build: Builder) -> None:
    book = await ledger(build)
    created = await book.add("赵六", "401")
    token = book.token(book.org_admin)
    await accepted(api, build, "updateMember", {"id": gid("Member", created.id), "version": 1, "post": "A"}, token)
    await refused(
        api,
        build,
        "updateMember",
        {"id": gid("Member", created.id), "version": 1, "post": "B"},
        token,
        code="STALE_VERSION",
        field=["version"],
    )


async def test_a_required_field_cannot_be_cleared(api: Api, build: Builder) -> None:
    book = await ledger(build)
    created = await book.add("钱七", "501")
    for field in ("name", "gender", "idNumber", "joinedOn", "status"):
        await refused(
            api,
            build,
            "updateMember",
            {"id": gid("Member", created.id), "version": 1, field: None},
            book.token(book.org_admin),
            code="INVALID_INPUT",
            field=[field],
        )


async def test_member_and_node_read_one_record_by_its_global_id(api: Api, build: Builder) -> None:
    book = await ledger(build)
    created = await book.add("孙八", "601")
    token = book.token(book.org_admin)
    member_id = gid("Member", created.id)

    data = await api.data(MEMBER, {"id": member_id}, token)
    assert data["member"] == {
        "id": member_id,
        "name": "孙八",
        "idNumber": f"510107********{created.id_number_masked[-4:]}",
        "phone": "138****5678",
        "version": 1,
    }
    node = await api.data(NODE, {"id": member_id}, token)
    assert node["node"] == {"id": member_id, "name": "孙八", "idNumber": data["member"]["idNumber"]}

    # an ID that names nothing reads as null; one of another type or a malformed one is a coded error
    assert (await api.data(MEMBER, {"id": gid("Member", 999999)}, token))["member"] is None
    for bad in (gid("Organization", book.branch.id), "not-an-id"):
        body = await api.post(MEMBER, {"id": bad}, token)
        assert body["data"] == {"member": None}
        assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_ID"]
