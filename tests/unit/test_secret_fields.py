"""Write-only fields: split out of a document, kept across updates by "$encrypted$"."""

import pytest

from playrunner.errors import Invalid
from playrunner.services.secret_fields import keep_stored, open_host_vars, run_key_applies, scoped_to, split_secrets


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


def test_connection_passwords_are_secret_and_ordinary_passwords_are_values() -> None:
    document = {
        "properties": {"password": "plain", "ansible_password": "extra-var"},
        "hosts": [{"id": "db1", "hostVars": {"ansible_password": "P1", "ansible_become_pass": "P2", "password": "v"}}],
        "repository": {"credentials": {"password": "PW"}},
    }
    masked, found, _ = split_secrets(document)
    assert found == {
        "hosts/db1/hostVars/ansible_password": "P1",
        "hosts/db1/hostVars/ansible_become_pass": "P2",
        "repository/credentials/password": "PW",
    }
    assert masked["properties"] == {"password": "plain", "ansible_password": "extra-var"}
    assert masked["hosts"][0]["hostVars"]["password"] == "v"


def test_a_hosts_sealed_password_opens_only_for_that_host() -> None:
    run, job = {"hosts/a/hostVars/ansible_password": "RUN"}, {"hosts/b/hostVars/ansible_password": "JOB"}
    assert open_host_vars("a", {"ansible_password": "$encrypted$"}, run, job) == {"ansible_password": "RUN"}
    assert open_host_vars("b", {"ansible_password": "$encrypted$"}, run, job) == {"ansible_password": "JOB"}
    assert open_host_vars("c", {"ansible_password": "$encrypted$", "x": 1}, run, job) == {"x": 1}


def test_a_run_key_applies_only_to_the_hosts_it_was_given_for() -> None:
    secrets = scoped_to({"sshPrivateKey": "K"}, ["a", "b"])
    assert run_key_applies(secrets, "a")
    assert not run_key_applies(secrets, "added-later")
    assert not run_key_applies({}, "a")
