"""The runner's job spec: everything one run needs, secrets held as SecretStr so that no
repr, log line or traceback can show them."""

from typing import Any

from pydantic import Field, SecretStr

from playrunner.models.base import Model
from playrunner.models.execution import Target
from playrunner.models.job import Repository
from playrunner.services.secret_fields import open_host_vars, run_key_applies


class HostRun(Model):
    id: str
    host_vars: dict[str, Any] = Field(default_factory=dict)
    ssh_private_key: SecretStr | None = None  # base64, as the API received it


class RunSpec(Model):
    execution_id: str
    account_alias: str
    job_id: str
    repository: Repository | None = None
    repository_password: SecretStr | None = None
    repository_ssh_key: SecretStr | None = None
    pinned_commit: str | None = None
    playbook: str | None = None  # base64, when the job carries its playbook inline
    playbook_tags: list[str] = Field(default_factory=list)
    hosts: list[HostRun]
    extra_vars: dict[str, Any] = Field(default_factory=dict)
    pipelining: bool = True
    forks: int = 5


def resolve_hosts(targets: list[Target], job_secrets: dict[str, str], run_secrets: dict[str, str]) -> list[HostRun]:
    """Each host's key: given at start for the host, given at start for all, the job's for the
    host, the job's default — the first that is set. Its connection passwords: given at start
    for the host, then the job's for the host."""

    def key_for(host_id: str) -> SecretStr | None:
        for secrets, path in (
            (run_secrets, f"hosts/{host_id}/sshPrivateKey"),
            (run_secrets if run_key_applies(run_secrets, host_id) else {}, "sshPrivateKey"),
            (job_secrets, f"hosts/{host_id}/sshPrivateKey"),
            (job_secrets, "sshPrivateKey"),
        ):
            if path in secrets:
                return SecretStr(secrets[path])
        return None

    return [
        HostRun(
            id=t.id,
            host_vars=open_host_vars(t.id, t.host_vars, run_secrets, job_secrets),
            ssh_private_key=key_for(t.id),
        )
        for t in targets
    ]
