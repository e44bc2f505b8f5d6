"""Connection passwords in hostVars are secrets: sealed, shown as "$encrypted$", kept when sent
back, restored for the run only, and only for the host they were given for. A property that
happens to be called "password" is an ordinary value."""

import base64
from pathlib import Path

import boto3

from playrunner.local.provision import LocalResources
from playrunner.models.job import JobSpec
from playrunner.naming import ENCRYPTED_MARKER
from tests.integration.engine import CALLER, Engine

BECOME = "become-pw-c4n4ry"
SSH = "ssh-pw-c4n4ry"


def writes_vars(out: Path) -> str:
    playbook = f"""- hosts: all
  gather_facts: false
  tasks:
    - copy:
        dest: "{out}/{{{{ inventory_hostname }}}}"
        content: "{{{{ ansible_become_password | default('unset') }}}}|{{{{ password }}}}"
"""
    return base64.b64encode(playbook.encode()).decode()


def table_dump(resources: LocalResources) -> str:
    return str(boto3.client("dynamodb").scan(TableName=resources.table_name)["Items"])


def test_host_passwords_are_sealed_and_reach_only_their_hosts_run(
    aws: LocalResources, tmp_path: Path, playbook_dir: Path
) -> None:
    engine = Engine(aws, tmp_path / "work")
    # Given a job whose web1 has connection passwords, and a property called password
    local = {"ansible_connection": "local"}
    job = engine.create_job(
        {
            "playbook": writes_vars(playbook_dir),
            "hosts": [
                {"id": "web1", "hostVars": {**local, "ansible_become_password": BECOME, "ansible_ssh_pass": SSH}},
                {"id": "web2", "hostVars": local},
            ],
            "properties": {"password": "an-ordinary-value"},
        }
    )

    # Then the job shows markers for them, the property as it was, and the table holds neither password
    shown = job.model_dump(mode="json")
    assert shown["hosts"][0]["hostVars"]["ansible_become_password"] == ENCRYPTED_MARKER
    assert shown["hosts"][0]["hostVars"]["ansible_ssh_pass"] == ENCRYPTED_MARKER
    assert shown["properties"] == {"password": "an-ordinary-value"}
    assert BECOME not in table_dump(aws)
    assert SSH not in table_dump(aws)

    # And sending the job back with the markers keeps them
    sent_back = {name: shown[name] for name in ("playbook", "hosts", "properties")}
    engine.jobs.replace("DEMO", job.id, JobSpec.model_validate(sent_back), CALLER)

    # When it runs (with a start that adds a password for web2 only)
    started = engine.start(
        job, {"hosts": [{"id": "web1"}, {"id": "web2", "hostVars": {"ansible_become_password": "web2-only"}}]}
    )
    execution = engine.run(started)

    # Then each host's run saw its own password, and the property untouched
    assert execution.status == "SUCCESS", engine.stdout_of(execution.execution_id)
    assert (playbook_dir / "web1").read_text() == f"{BECOME}|an-ordinary-value"
    assert (playbook_dir / "web2").read_text() == "web2-only|an-ordinary-value"
    # And nothing of them reached the table, the execution, the events or the output
    dump = table_dump(aws)
    assert BECOME not in dump
    assert "web2-only" not in dump
    assert "web2-only" not in str(engine.service.get("DEMO", execution.execution_id).model_dump())
    assert BECOME not in engine.stdout_of(execution.execution_id)
