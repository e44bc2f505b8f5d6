"""Claims as a local authorizer and as API Gateway pass them."""

import pytest

from playrunner.auth.claims import caller_from_claims
from playrunner.errors import Unauthorized


@pytest.mark.parametrize("groups", [["admin", "ops"], "[admin ops]", "admin,ops"])
def test_groups_read_in_every_form(groups: object) -> None:
    caller = caller_from_claims({"cognito:username": "u", "custom:account_alias": "DEMO", "cognito:groups": groups})
    assert caller.roles == ["admin", "ops"]
    assert caller.account_alias == "DEMO"


def test_claims_without_an_account_are_unauthorized() -> None:
    with pytest.raises(Unauthorized):
        caller_from_claims({"cognito:username": "u"})
