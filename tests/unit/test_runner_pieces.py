"""Pieces of the runner that need no process: event mapping, unsafe YAML, key precedence."""

import yaml
from pydantic import SecretStr

from playrunner.models.execution import StartRequest, Target
from playrunner.models.job import Job
from playrunner.orchestration.contracts import RunLimits, StepError
from playrunner.runner.driver import MAX_ARTIFACTS_BYTES, kept_artifacts
from playrunner.runner.inventory import _dump, mark_unsafe
from playrunner.runner.recorder import EventRecorder, to_event
from playrunner.runner.spec import resolve_hosts
from playrunner.services.executions import resolve_targets
from playrunner.services.lifecycle import failure_reason


def test_host_results_become_events_without_module_arguments() -> None:
    raw = {
        "event": "runner_on_ok",
        "event_data": {
            "host": "web1",
            "task": "copy",
            "play": "all",
            "res": {"changed": True, "msg": "done", "invocation": {"module_args": {"content": "SECRET"}}},
        },
    }
    event = to_event(raw, 7)
    assert event is not None
    assert (event.seq, event.host, event.status, event.summary) == (7, "web1", "changed", "done")
    assert "SECRET" not in event.model_dump_json()
    ignored = to_event({"event": "runner_on_failed", "event_data": {"host": "h", "ignore_errors": True, "res": {}}}, 1)
    assert ignored is not None
    assert ignored.status == "ignored"
    assert to_event({"event": "verbose", "event_data": {}}, 1) is None


def test_values_from_the_api_are_written_unsafe() -> None:
    text = _dump(mark_unsafe({"greeting": "{{ lookup('pipe', 'id') }}", "port": 22, "list": ["{{ x }}"]})).decode()
    assert "!unsafe" in text
    assert "port: 22" in text

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!unsafe", lambda loader, node: ("UNSAFE", loader.construct_scalar(node)))  # type: ignore[arg-type]
    loaded = yaml.load(text, Loader=Loader)  # noqa: S506 - a SafeLoader subclass
    assert loaded["greeting"] == ("UNSAFE", "{{ lookup('pipe', 'id') }}")
    assert loaded["list"] == [("UNSAFE", "{{ x }}")]


def test_a_key_given_at_start_for_a_host_wins_over_every_other() -> None:
    targets = [Target(id="a"), Target(id="b"), Target(id="c"), Target(id="d")]
    job = {"sshPrivateKey": "JOB", "hosts/c/sshPrivateKey": "JOB-C"}
    run = {"hosts/a/sshPrivateKey": "RUN-A", "sshPrivateKey": "RUN"}
    hosts = {h.id: h.ssh_private_key for h in resolve_hosts(targets, job, run)}
    assert {k: v.get_secret_value() if isinstance(v, SecretStr) else v for k, v in hosts.items()} == {
        "a": "RUN-A",
        "b": "RUN",
        "c": "RUN",
        "d": "RUN",
    }
    only_job = {h.id: h.ssh_private_key for h in resolve_hosts(targets, job, {})}
    assert only_job["c"] is not None
    assert only_job["c"].get_secret_value() == "JOB-C"


def test_start_hosts_keep_the_jobs_host_vars_and_others_bring_their_own() -> None:
    job = Job.model_validate(
        {
            "id": "j",
            "accountAlias": "DEMO",
            "playbook": "LQ==",
            "hosts": [{"id": "web1", "hostVars": {"ansible_port": 2222, "role": "web"}}, {"id": "db1"}],
            "createdTime": 1,
            "lastUpdatedTime": 1,
        }
    )
    assert [t.id for t in resolve_targets(job, StartRequest())] == ["web1", "db1"]
    request = StartRequest.model_validate(
        {"hosts": [{"id": "web1", "hostVars": {"role": "canary"}}, {"id": "10.0.0.9"}]}
    )
    targets = resolve_targets(job, request)
    assert targets[0].host_vars == {"ansible_port": 2222, "role": "canary"}
    assert targets[1].model_dump() == {"id": "10.0.0.9", "host_vars": {}}


def test_failure_reasons_name_the_ttl_or_the_silent_runner() -> None:
    limits = RunLimits(timeout_seconds=600, heartbeat_seconds=30)
    timeout = StepError(error="States.Timeout", cause="")
    assert "executionTtl of 10 minutes" in failure_reason(timeout, limits, ran_seconds=601)
    assert "no heartbeat for 30 s" in failure_reason(timeout, limits, ran_seconds=45)
    lambda_error = StepError(error="Conflict", cause='{"errorMessage": "execution x is STOPPED"}')
    assert failure_reason(lambda_error, limits, ran_seconds=1) == "Conflict: execution x is STOPPED"


def test_set_stats_data_is_kept_up_to_its_limit() -> None:
    recorder = EventRecorder("DEMO", "e1", store=None)  # type: ignore[arg-type]
    recorder.handle({"event": "playbook_on_stats", "event_data": {"artifact_data": {"build": 42}}})
    assert kept_artifacts(recorder.artifacts) == ({"build": 42}, None)
    kept, refused = kept_artifacts({"blob": "x" * MAX_ARTIFACTS_BYTES})
    assert kept == {}
    assert refused is not None
    assert "over the" in refused
