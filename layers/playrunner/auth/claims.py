"""The caller, read from the claims an authorizer verified."""

from collections.abc import Mapping
from typing import Any

from playrunner.errors import Unauthorized
from playrunner.models.auth import Caller
from playrunner.naming import ACCOUNT_ALIAS_CLAIM, GROUPS_CLAIM, USERNAME_CLAIM


def _groups(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        # API Gateway passes a list claim to the Lambda as text, e.g. "[admin ops]" or "admin,ops".
        return [g for g in value.strip("[]").replace(",", " ").split() if g]
    return []


def caller_from_claims(claims: Mapping[str, Any] | None) -> Caller:
    if not claims or ACCOUNT_ALIAS_CLAIM not in claims:
        raise Unauthorized("a valid Bearer token is required")
    return Caller(
        user_name=str(claims.get(USERNAME_CLAIM) or claims.get("username") or claims.get("sub")),
        account_alias=str(claims[ACCOUNT_ALIAS_CLAIM]),
        roles=_groups(claims.get(GROUPS_CLAIM)),
    )
