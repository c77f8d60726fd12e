"""What clients send about study topics (第一议题)."""

from datetime import date

import strawberry


@strawberry.input(description="下发学习专题：党委把中央精神、上级指示下发给其下全部组织，作为会议的第一议题学习")
class IssueStudyTopicInput:
    issuer_organization_id: strawberry.ID = strawberry.field(description="下发专题的党委（须为未撤销的党委）")
    title: str = strawberry.field(description="专题名称，1 到 200 个字符")
    source: str | None = strawberry.field(default=None, description="来源文件，不超过 300 个字符")
    issued_on: date = strawberry.field(description="下发日期，不晚于今天")
    due_on: date | None = strawberry.field(default=None, description="学习完成期限，不早于下发日期；可为空")
