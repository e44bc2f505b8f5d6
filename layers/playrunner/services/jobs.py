"""Jobs: create, read, replace, delete and list, with their secrets sealed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from playrunner.callbacks.signing import SIGNING_SECRET_FIELD, new_signing_secret
from playrunner.callbacks.urls import UnsafeUrl, resolve_checked
from playrunner.errors import Invalid
from playrunner.models.auth import Caller
from playrunner.models.host_results import INLINE_HOSTS
from playrunner.models.job import CallbackSecret, CreatedJob, Job, JobSpec, Link
from playrunner.models.page import Page
from playrunner.secrets.envelope import SecretBox
from playrunner.services.clock import new_id, now_ms
from playrunner.services.secret_contexts import job_context, signing_context
from playrunner.services.secret_fields import keep_stored, split_secrets
from playrunner.store.jobs import JobRecord, JobStore

if TYPE_CHECKING:  # built on first use: an immediate start, a deletion
    from playrunner.services.executions import ExecutionService
    from playrunner.services.schedules import ScheduleService


def job_links(job: Job) -> list[Link]:
    base = f"/jobs/{job.account_alias}/{job.id}"
    return [
        Link(ref="self", id=job.id, href=base, verbs=["GET", "PUT", "DELETE"]),
        Link(ref="start", id=job.id, href=f"{base}/start", verbs=["POST", "GET"]),
        Link(ref="executions", id=job.id, href=f"{base}/executions", verbs=["GET"]),
        Link(ref="schedules", id=job.id, href=f"{base}/schedules", verbs=["GET", "POST"]),
    ]


class JobService:
    def __init__(
        self,
        store: JobStore,
        secret_box: SecretBox,
        executions: Callable[[], ExecutionService],
        schedules: Callable[[], ScheduleService],
        allow_loopback_callbacks: bool = False,
        refused_callback_ports: frozenset[int] = frozenset(),
    ) -> None:
        self._store = store
        self._secret_box = secret_box
        self._executions = executions  # built on first ?immediate=true only
        self._schedules = schedules  # built on first delete only
        self._allow_loopback_callbacks = allow_loopback_callbacks
        self._refused_callback_ports = refused_callback_ports

    def _check_callbacks(self, spec: JobSpec) -> None:
        for index, callback in enumerate(spec.callbacks):
            try:
                resolve_checked(
                    callback.url,
                    allow_loopback=self._allow_loopback_callbacks,
                    refused_ports=self._refused_callback_ports,
                )
            except UnsafeUrl as exc:
                raise Invalid(f"callbacks.{index}.url: {exc}", error_code="UNSAFE_CALLBACK_URL") from exc

    def _launched(self, job: Job, caller: Caller, immediate: bool) -> Job:
        """The job as returned; with ?immediate=true, started at once and the execution named in its links."""
        links = job_links(job)
        if immediate:
            from playrunner.models.execution import StartRequest  # only a job started as it is made needs it
            from playrunner.services.executions import execution_path

            execution = self._executions().start(job.account_alias, job.id, StartRequest(), caller)
            links.append(
                Link(ref="execution", id=execution.execution_id, href=execution_path(execution), verbs=["GET"])
            )
        return job.model_copy(update={"links": links})

    def _signing_secret(self, account_alias: str, job_id: str) -> tuple[str, str]:
        """A new signing secret for the job's callbacks, and the same sealed."""
        secret = new_signing_secret()
        sealed = self._secret_box.seal({SIGNING_SECRET_FIELD: secret}, signing_context(account_alias, job_id))
        return secret, sealed

    def _seal(self, account_alias: str, job_id: str, secrets: dict[str, str]) -> str | None:
        return self._secret_box.seal(secrets, job_context(account_alias, job_id)) if secrets else None

    def create(self, account_alias: str, spec: JobSpec, caller: Caller, *, immediate: bool = False) -> CreatedJob:
        self._check_callbacks(spec)
        masked, secrets, kept = split_secrets(spec.model_dump(mode="json", exclude_none=True))
        keep_stored({}, kept, {})
        now = now_ms()
        job = Job.model_validate(
            {
                **masked,
                "id": new_id(),
                "accountAlias": account_alias,
                "createdTime": now,
                "lastUpdatedTime": now,
            }
        )
        signing_secret, sealed_signing_secret = self._signing_secret(account_alias, job.id)
        self._store.create(
            JobRecord(
                job=job,
                sealed_secrets=self._seal(account_alias, job.id, secrets),
                sealed_signing_secret=sealed_signing_secret,
            )
        )
        launched = self._launched(job, caller, immediate)
        return CreatedJob.model_validate({**launched.model_dump(), "callbackSecret": signing_secret})

    def rotate_signing_secret(self, account_alias: str, job_id: str) -> CallbackSecret:
        """A new signing secret for the job's callbacks; deliveries from now on are signed with it."""
        self._store.get(account_alias, job_id)
        secret, sealed = self._signing_secret(account_alias, job_id)
        self._store.set_signing_secret(account_alias, job_id, sealed)
        return CallbackSecret(callback_secret=secret)

    def get(self, account_alias: str, job_id: str) -> Job:
        job = self._store.get(account_alias, job_id).job
        return job.model_copy(update={"links": job_links(job)})

    def replace(
        self, account_alias: str, job_id: str, spec: JobSpec, caller: Caller, *, immediate: bool = False
    ) -> Job:
        self._check_callbacks(spec)
        current = self._store.get(account_alias, job_id)
        masked, secrets, kept = split_secrets(spec.model_dump(mode="json", exclude_none=True))
        if kept:
            stored = (
                self._secret_box.open(current.sealed_secrets, job_context(account_alias, job_id))
                if current.sealed_secrets
                else {}
            )
            secrets = keep_stored(secrets, kept, stored)
        job = Job.model_validate(
            {
                **masked,
                "id": job_id,
                "accountAlias": account_alias,
                # Saving the job again re-enables the callbacks a 410 Gone disabled.
                "details": current.job.details.model_dump(mode="json", exclude={"disabled_callbacks"}),
                "createdTime": current.job.created_time,
                "lastUpdatedTime": now_ms(),
            }
        )
        record = JobRecord(job=job, sealed_secrets=self._seal(account_alias, job_id, secrets))
        written = self._store.replace(record, expected_version=current.version)
        return self._launched(written.job, caller, immediate)

    def delete(self, account_alias: str, job_id: str) -> None:
        self._store.delete(account_alias, job_id)
        # After the job: a schedule firing meanwhile finds no job and starts nothing.
        self._schedules().delete_all(account_alias, job_id)

    def list(self, account_alias: str, page: int, size: int, next_token: str | None = None) -> Page[Job]:
        records, after = self._store.page(account_alias, page, size, next_token)
        return Page[Job](
            total_size=self._store.count(account_alias),
            page=page,
            size=size,
            results=[_listed(r.job) for r in records],
            next_token=after,
        )


def _listed(job: Job) -> Job:
    """JOB as a list shows it: its hosts only while it has at most INLINE_HOSTS of them (a page
    of large jobs would outgrow a response); GET the job for all of them."""
    if len(job.hosts) <= INLINE_HOSTS:
        return job.model_copy(update={"links": job_links(job)})
    return job.model_copy(update={"links": job_links(job), "hosts": [], "hosts_truncated": True})
