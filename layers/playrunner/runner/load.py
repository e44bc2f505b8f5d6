"""Build the run's spec from the store: the job, the execution, and their keys, opened here
inside the task (the state machine and the task's environment carry only ids)."""

from playrunner.models.execution import Target
from playrunner.models.job import DEFAULT_FORKS
from playrunner.runner.spec import RunSpec, resolve_hosts
from playrunner.secrets.envelope import SecretBox
from playrunner.services.secret_contexts import execution_context, job_context
from playrunner.store.executions import ExecutionRecord
from playrunner.store.jobs import JobRecord


def build_spec(
    job_record: JobRecord, execution_record: ExecutionRecord, box: SecretBox, targets: list[Target]
) -> RunSpec:
    """The spec of a run on TARGETS (its slice's hosts)."""
    job, execution = job_record.job, execution_record.execution
    job_secrets = (
        box.open(job_record.sealed_secrets, job_context(job.account_alias, job.id)) if job_record.sealed_secrets else {}
    )
    run_secrets = (
        box.open(execution_record.sealed_secrets, execution_context(execution.account_alias, execution.execution_id))
        if execution_record.sealed_secrets
        else {}
    )
    commits = execution.repository_log.recent_commit
    return RunSpec.model_validate(
        {
            "execution_id": execution.execution_id,
            "account_alias": execution.account_alias,
            "job_id": job.id,
            "repository": job.repository,
            "repository_password": job_secrets.get("repository/credentials/password"),
            "repository_ssh_key": job_secrets.get("repository/credentials/sshPrivateKey"),
            # A run again of the same execution (a restart) runs the commit its first run ran.
            "pinned_commit": commits[0].commit if commits and job.repository else None,
            "playbook": job.playbook,
            "playbook_tags": job.playbook_tags,
            "pipelining": job.pipelining,
            # One fork per host, so no host waits for another's turn, up to the job's bound.
            "forks": max(1, min(len(targets), job.forks or DEFAULT_FORKS)),
            "hosts": resolve_hosts(targets, job_secrets, run_secrets),
            # A workflow's variables go over the job's properties; job parameters over both.
            "extra_vars": {
                **job.properties,
                **execution.variables,
                **{p.name: p.value for p in execution.job_params},
            },
        }
    )
