from typing import Annotated

import strawberry

from api.context import ZInfo
from api.ids import decode_id
from api.mutations import run_mutation
from api.orglife.study_inputs import IssueStudyTopicInput
from api.orglife.study_types import StudyTopicPayload, topic_loader
from api.permissions import Authenticated
from domain.orglife import study
from domain.timeutil import today


@strawberry.type
class StudyMutations:
    @strawberry.mutation(
        description="下发学习专题（第一议题）：下发党委及其下全部党委、党总支、党支部都应学习",
        permission_classes=[Authenticated],
    )
    async def issue_study_topic(
        self, info: ZInfo, input: Annotated[IssueStudyTopicInput, strawberry.argument(description="输入")]
    ) -> StudyTopicPayload:
        actor = info.context.require_actor()
        topic, errors = await run_mutation(
            info,
            lambda s: study.issue_study_topic(
                s,
                actor=actor,
                issuer_org_id=decode_id(input.issuer_organization_id, "Organization", "issuerOrganizationId"),
                title=input.title,
                source=input.source,
                issued_on=input.issued_on,
                due_on=input.due_on,
                today=today(),
            ),
        )
        if topic is None or topic.id is None:
            return StudyTopicPayload(topic=None, errors=errors)
        # Read back through the loader: the payload shows the topic as every read does, issuer name included.
        return StudyTopicPayload(topic=await topic_loader(info).load(topic.id), errors=errors)
