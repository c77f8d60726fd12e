"""Every table's module, imported so that the metadata Alembic compares against is complete."""

import authz.models
import domain.accounts.models
import domain.approvals.models
import domain.audit.models
import domain.development.models
import domain.indicators.models
import domain.members.models
import domain.orglife.models
import domain.orgs.models
import domain.tasks.models
from domain.db import metadata

__all__ = ["metadata"]
_ = (
    authz.models,
    domain.accounts.models,
    domain.approvals.models,
    domain.audit.models,
    domain.development.models,
    domain.indicators.models,
    domain.members.models,
    domain.orglife.models,
    domain.orgs.models,
    domain.tasks.models,
)
