"""The function catalogue: one entry per function, and each function reads only what it declares."""

from pathlib import Path

import pytest

from playrunner import environment
from playrunner.api.routes import ROUTES
from playrunner.catalogue import FUNCTIONS, Kind, of_kind, runner_variables
from playrunner.composition.instance import per_function
from playrunner.naming import ENV_FUNCTION, ENV_TABLE_NAME, ENV_TASK_TOKEN
from playrunner.orchestration.definition import STEP_FUNCTIONS
from playrunner.orchestration.workflow_definition import WORKFLOW_STEP_FUNCTIONS
from playrunner.settings import ArtifactsSettings, StoreSettings

ROOT = Path(__file__).parents[2]


def test_the_route_tables_functions_are_the_catalogues_api_functions() -> None:
    assert {route.function for route in ROUTES} == {entry.name for entry in of_kind(Kind.API)}


def test_the_state_machines_steps_are_the_catalogues_steps() -> None:
    assert set(STEP_FUNCTIONS.values()) == {entry.name for entry in of_kind(Kind.STEP)}
    assert set(WORKFLOW_STEP_FUNCTIONS) == {entry.name for entry in of_kind(Kind.WORKFLOW_STEP)}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_entry_has_its_handler(name: str) -> None:
    assert (ROOT / "functions" / name / "handler.py").exists()


def test_every_handler_has_its_entry() -> None:
    assert {path.parent.name for path in (ROOT / "functions").glob("*/handler.py")} == set(FUNCTIONS)


def test_a_functions_environment_is_its_settings_variables_and_its_name() -> None:
    # Given the stack's values, more than get_job reads
    values = {ENV_TABLE_NAME: "t", "PLAYRUNNER_SECRETS_KEY_ARN": "k", "PLAYRUNNER_ARTIFACTS_BUCKET": "b"}
    # Then get_job is given its own, and its name
    assert FUNCTIONS["get_job"].environment(values) == {
        ENV_FUNCTION: "get_job",
        ENV_TABLE_NAME: "t",
        "PLAYRUNNER_SECRETS_KEY_ARN": "k",
    }


def test_a_function_is_told_its_own_name_whatever_the_stacks_values_hold() -> None:
    values = {ENV_TABLE_NAME: "t", "PLAYRUNNER_SECRETS_KEY_ARN": "k", ENV_FUNCTION: "kill_execution"}
    assert FUNCTIONS["get_job"].environment(values)[ENV_FUNCTION] == "get_job"


def test_a_required_variable_the_stack_does_not_set_is_an_error() -> None:
    with pytest.raises(KeyError, match="PLAYRUNNER_SECRETS_KEY_ARN"):
        FUNCTIONS["get_job"].environment({ENV_TABLE_NAME: "t"})


def test_a_function_reads_the_settings_it_declares() -> None:
    with environment.running_with({ENV_FUNCTION: "get_job", ENV_TABLE_NAME: "t"}):
        assert environment.settings(StoreSettings).table_name == "t"


def test_a_function_cannot_read_settings_it_does_not_declare() -> None:
    # Given get_job, which declares no artifacts bucket, run with one set all the same
    with (
        environment.running_with({ENV_FUNCTION: "get_job", "PLAYRUNNER_ARTIFACTS_BUCKET": "b"}),
        pytest.raises(environment.UndeclaredSettings, match="ArtifactsSettings"),
    ):
        environment.settings(ArtifactsSettings)


def test_services_are_built_once_per_function_environment() -> None:
    built = per_function(lambda: object())
    first, second = {ENV_FUNCTION: "get_job"}, {ENV_FUNCTION: "list_jobs"}
    with environment.running_with(first):
        one = built()
        assert built() is one
    with environment.running_with(second):
        assert built() is not one


def test_the_runner_is_given_no_run_of_its_own_in_its_task_definition() -> None:
    assert ENV_TASK_TOKEN not in runner_variables()
    assert ENV_TABLE_NAME in runner_variables()
