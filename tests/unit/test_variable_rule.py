"""One rule for variables, from every source: the connection and become variables that would
run a program on the runner are refused wherever they come from, naming the source."""

import base64
from typing import Any

import pytest
from pydantic import ValidationError

from playrunner.models.execution import JobParam, StartRequest
from playrunner.models.hosts import check_variables
from playrunner.models.job import JobParameter, JobSpec
from playrunner.models.workflow import WorkflowTask
from playrunner.models.workflow_run import WorkflowRunOptions

PLAYBOOK = base64.b64encode(b"- hosts: all\n  tasks: []\n").decode()
BECOME_EXE_BYPASS = {
    "ansible_connection": "local",
    "ansible_become": True,
    "ansible_become_exe": "id>/tmp/x; exit 0; sudo",
}


def job(**fields: Any) -> dict[str, Any]:
    return {"playbook": PLAYBOOK, "hosts": [{"id": "web1"}], **fields}


@pytest.mark.parametrize(
    "name",
    [
        "ansible_become_exe",
        "ansible_sudo_exe",
        "ansible_su_exe",
        "ansible_ssh_executable",
        "ansible_shell_executable",
        "ansible_become_flags",
        "ansible_ssh_common_args",
        "ansible_private_key_file",
    ],
)
def test_a_variable_that_runs_a_program_is_refused_naming_it_and_its_source(name: str) -> None:
    with pytest.raises(ValueError, match=f"properties may not set {name}"):
        check_variables({name: "x"}, "properties")


def test_the_python_interpreter_stays_allowed() -> None:
    assert check_variables({"ansible_python_interpreter": "/usr/bin/python3"}, "hostVars")


def test_the_become_exe_bypass_is_refused_in_host_vars() -> None:
    with pytest.raises(ValidationError, match="hostVars may not set ansible_become_exe"):
        JobSpec.model_validate(job(hosts=[{"id": "web1", "hostVars": BECOME_EXE_BYPASS}]))


def test_the_become_exe_bypass_is_refused_in_hosts_given_at_start() -> None:
    with pytest.raises(ValidationError, match="hostVars may not set ansible_become_exe"):
        StartRequest.model_validate({"hosts": [{"id": "extra", "hostVars": BECOME_EXE_BYPASS}]})


def test_properties_obey_the_same_rule() -> None:
    with pytest.raises(ValidationError, match="properties may not set ansible_ssh_common_args"):
        JobSpec.model_validate(job(properties={"ansible_ssh_common_args": "-o ProxyCommand=id"}))
    with pytest.raises(ValidationError, match="properties ansible_connection must be one of"):
        JobSpec.model_validate(job(properties={"ansible_connection": "docker"}))


def test_job_params_are_refused_by_name_even_when_the_job_declares_none() -> None:
    # jobParams beat hostVars as extra vars: a job with no declared parameters takes any name.
    with pytest.raises(ValidationError, match="jobParams may not set ansible_ssh_common_args"):
        StartRequest.model_validate({"jobParams": [{"name": "ansible_ssh_common_args", "value": "-oProxyCommand=id"}]})
    with pytest.raises(ValidationError, match="jobParams may not set ansible_become_exe"):
        JobParam.model_validate({"name": "ansible_become_exe", "value": "id"})


def test_declared_parameters_and_their_defaults_obey_the_rule() -> None:
    with pytest.raises(ValidationError, match="parameters may not set ansible_become_exe"):
        JobParameter.model_validate({"name": "ansible_become_exe", "default": "id"})
    with pytest.raises(ValidationError, match="parameters ansible_host"):
        JobParameter.model_validate({"name": "ansible_host", "default": "-oProxyCommand=id"})


def test_workflow_and_run_variables_obey_the_rule() -> None:
    with pytest.raises(ValidationError, match="task variables may not set ansible_su_exe"):
        WorkflowTask.model_validate({"jobId": "j1", "variables": {"ansible_su_exe": "id"}})
    with pytest.raises(ValidationError, match=r"options\.variables may not set ansible_become_exe"):
        WorkflowRunOptions.model_validate({"variables": {"ansible_become_exe": "id"}})


def test_ordinary_variables_pass_unchanged() -> None:
    variables = {"password": "hunter2", "release": "r1", "ansible_user": "deploy", "ansible_port": 2222}
    assert check_variables(variables, "properties") == variables
