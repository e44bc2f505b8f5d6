"""The job entity's validation rules, as API.md and the front-door issue state them."""

import base64

import pytest
from pydantic import ValidationError

from playrunner.models.job import JobSpec
from tests.keys import b64, openssh_private_key

PLAYBOOK = base64.b64encode(b"- hosts: all\n  tasks: []\n").decode()


def job(**overrides: object) -> dict[str, object]:
    return {"playbook": PLAYBOOK, "hosts": [{"id": "web1"}], **overrides}


def errors_of(document: dict[str, object]) -> str:
    with pytest.raises(ValidationError) as caught:
        JobSpec.model_validate(document)
    return str(caught.value)


def test_a_minimal_job_is_valid_with_defaults() -> None:
    # Given a job with an inline playbook and one host
    spec = JobSpec.model_validate(job())
    # Then the Runner's defaults apply
    assert spec.execution_ttl == 180
    assert spec.hosts[0].host_vars == {}
    assert spec.callbacks == []


@pytest.mark.parametrize(
    "host_id",
    ["web1", "web-1.example.com", "db_2", "10.0.0.7", "::1", "fe80::1", "a" * 63, "localhost"],
)
def test_host_names_and_addresses_are_accepted(host_id: str) -> None:
    JobSpec.model_validate(job(hosts=[{"id": host_id}]))


@pytest.mark.parametrize(
    "host_id",
    [
        "",
        "web 1",
        "web1,web2",
        "web1:22",
        "web:*",
        "-web",
        "web*",
        "*",
        "!web",
        "web&db",
        "web[1:3]",
        "all:!db",
        "~web.*",
        "we$b",
        "a" * 64,
        "x." * 127 + "x",
    ],
)
def test_host_ids_that_ansible_could_read_as_patterns_are_rejected(host_id: str) -> None:
    assert "hosts.0.id" in errors_of(job(hosts=[{"id": host_id}])) or "host" in errors_of(job(hosts=[{"id": host_id}]))


def test_host_ids_must_be_unique() -> None:
    assert "listed twice" in errors_of(job(hosts=[{"id": "web1"}, {"id": "web1"}]))


def test_hosts_are_between_1_and_10000_in_at_most_500_slices() -> None:
    errors_of(job(hosts=[]))
    JobSpec.model_validate(job(hosts=[{"id": f"h{i}"} for i in range(10_000)]))
    errors_of(job(hosts=[{"id": f"h{i}"} for i in range(10_001)]))
    assert "more than 500 slices" in errors_of(job(hosts=[{"id": f"h{i}"} for i in range(501)], sliceSize=1))


def test_max_errors_is_a_count_or_a_percentage_as_ssm_has_it() -> None:
    assert JobSpec.model_validate(job(maxErrors="10%")).max_errors == "10%"
    assert JobSpec.model_validate(job(maxErrors="0")).max_errors == "0"
    for wrong in ("101%", "-1", "ten", "1.5", "05"):
        errors_of(job(maxErrors=wrong))


@pytest.mark.parametrize(
    "variable",
    [
        "ansible_ssh_common_args",
        "ansible_ssh_extra_args",
        "ansible_ssh_executable",
        "ansible_ssh_args",
        "ansible_paramiko_proxy_command",
        "ansible_scp_extra_args",
        "ansible_sftp_extra_args",
        "ansible_ssh_private_key_file",
    ],
)
def test_host_vars_that_run_commands_on_the_runner_are_rejected_by_name(variable: str) -> None:
    message = errors_of(job(hosts=[{"id": "web1", "hostVars": {variable: "-o Foo=bar"}}]))
    assert variable in message


@pytest.mark.parametrize(
    "host_vars",
    [
        {"ansible_user": "x", "note": "-o ProxyCommand=nc %h %p"},
        {"anything": {"nested": ["ssh -oproxycommand=evil"]}},
    ],
)
def test_any_value_mentioning_proxycommand_is_rejected(host_vars: dict[str, object]) -> None:
    assert "ProxyCommand" in errors_of(job(hosts=[{"id": "web1", "hostVars": host_vars}]))


@pytest.mark.parametrize("connection", ["ssh", "local", "paramiko", "smart"])
def test_allowed_connections(connection: str) -> None:
    JobSpec.model_validate(job(hosts=[{"id": "web1", "hostVars": {"ansible_connection": connection}}]))


@pytest.mark.parametrize("connection", ["docker", "kubectl", "community.general.chroot", "winrm"])
def test_other_connections_are_rejected(connection: str) -> None:
    assert "ansible_connection" in errors_of(
        job(hosts=[{"id": "web1", "hostVars": {"ansible_connection": connection}}])
    )


def test_ansible_host_must_be_a_host_name_not_an_ssh_option() -> None:
    assert "ansible_host" in errors_of(job(hosts=[{"id": "web1", "hostVars": {"ansible_host": "-oProxy=x"}}]))
    JobSpec.model_validate(job(hosts=[{"id": "web1", "hostVars": {"ansible_host": "127.0.0.1", "ansible_port": 2222}}]))


def test_repository_and_playbook_are_exclusive_and_one_is_required() -> None:
    repository = {"url": "https://git.example.com/ops.git", "defaultPlaybook": "site.yml"}
    assert "exactly one" in errors_of(job(repository=repository))
    assert "exactly one" in errors_of({"hosts": [{"id": "web1"}]})
    JobSpec.model_validate({"repository": repository, "hosts": [{"id": "web1"}]})


def test_default_playbook_is_required_with_a_repository() -> None:
    assert "defaultPlaybook" in errors_of(
        {"repository": {"url": "https://git.example.com/ops.git"}, "hosts": [{"id": "web1"}]}
    )


@pytest.mark.parametrize(
    "url",
    ["ext::sh -c touch% /tmp/pwned", "--upload-pack=touch /tmp/x", "ftp://example.com/x", "relative/path"],
)
def test_repository_urls_git_could_abuse_are_rejected(url: str) -> None:
    errors_of({"repository": {"url": url, "defaultPlaybook": "site.yml"}, "hosts": [{"id": "web1"}]})


@pytest.mark.parametrize("path", ["../etc/passwd", "/etc/passwd", "a/../../b"])
def test_playbook_paths_stay_inside_the_repository(path: str) -> None:
    errors_of({"repository": {"url": "/srv/repo", "defaultPlaybook": path}, "hosts": [{"id": "web1"}]})


def test_the_inline_playbook_must_be_base64() -> None:
    assert "base64" in errors_of(job(playbook="not base64 at all!"))


@pytest.mark.parametrize(("ttl", "valid"), [(0, False), (1, True), (1440, True), (1441, False)])
def test_execution_ttl_is_1_to_1440_minutes(ttl: int, valid: bool) -> None:
    if valid:
        JobSpec.model_validate(job(executionTtl=ttl))
    else:
        assert "executionTtl" in errors_of(job(executionTtl=ttl))


def test_a_callback_may_be_a_bare_url() -> None:
    spec = JobSpec.model_validate(
        job(callbacks=["https://hooks.example.com/a", {"url": "https://h.example.com/b", "level": "RESULT"}])
    )
    assert [(c.url, c.level) for c in spec.callbacks] == [
        ("https://hooks.example.com/a", "DEBUG"),
        ("https://h.example.com/b", "RESULT"),
    ]
    assert "level" in errors_of(job(callbacks=[{"url": "https://h.example.com", "level": "LOUD"}]))


def test_unknown_fields_are_refused() -> None:
    assert "execution_ttl" in errors_of(job(execution_ttl=5))


def test_ssh_private_keys_must_be_base64_private_keys() -> None:
    JobSpec.model_validate(job(sshPrivateKey=b64(openssh_private_key())))
    assert "private key" in errors_of(job(sshPrivateKey=b64(b"hello")))
    assert "base64" in errors_of(job(hosts=[{"id": "web1", "sshPrivateKey": "%%%"}]))


def test_repository_credentials_take_a_password_or_a_key_not_both() -> None:
    credentials = {"username": "u", "password": "p", "sshPrivateKey": b64(openssh_private_key())}
    assert "not both" in errors_of(
        {
            "repository": {"url": "/srv/r", "defaultPlaybook": "a.yml", "credentials": credentials},
            "hosts": [{"id": "h"}],
        }
    )
