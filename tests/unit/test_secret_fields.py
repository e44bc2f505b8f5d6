"""Write-only fields: split out of a document, kept across updates by "$encrypted$"."""

import pytest

from playrunner.errors import Invalid
from playrunner.services.secret_fields import keep_stored, split_secrets


def test_secrets_are_masked_and_addressed_by_host_id() -> None:
    # Given a job document with a common key, a host key and a repository password
    document = {
        "sshPrivateKey": "COMMON",
        "hosts": [{"id": "db1", "hostVars": {"password": 3}}, {"id": "web1", "sshPrivateKey": "HOSTKEY"}],
        "repository": {"url": "u", "credentials": {"username": "git", "password": "PW"}},
    }
    # When the secrets are split out
    masked, found, kept = split_secrets(document)
    # Then each is found at a path that names the host, and the document shows markers only
    assert found == {
        "sshPrivateKey": "COMMON",
        "hosts/web1/sshPrivateKey": "HOSTKEY",
        "repository/credentials/password": "PW",
    }
    assert kept == set()
    assert "COMMON" not in str(masked)
    assert "HOSTKEY" not in str(masked)
    assert "PW" not in str(masked)
    assert masked["hosts"][0]["hostVars"] == {"password": 3}  # not a string: not a secret field


def test_the_marker_keeps_the_stored_secret_and_a_new_value_replaces_it() -> None:
    _masked, found, kept = split_secrets(
        {"sshPrivateKey": "$encrypted$", "hosts": [{"id": "a", "sshPrivateKey": "NEW"}]}
    )
    merged = keep_stored(found, kept, {"sshPrivateKey": "OLD", "hosts/a/sshPrivateKey": "OLDA", "hosts/b/x": "GONE"})
    assert merged == {"sshPrivateKey": "OLD", "hosts/a/sshPrivateKey": "NEW"}


def test_the_marker_without_a_stored_secret_is_refused() -> None:
    _, found, kept = split_secrets({"sshPrivateKey": "$encrypted$"})
    with pytest.raises(Invalid, match="sshPrivateKey"):
        keep_stored(found, kept, {})
