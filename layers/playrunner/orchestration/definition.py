"""The execution state machine: one definition file, with the function each task invokes and
the retry policies every state machine shares.

The CDK stack hands the file to Step Functions with DefinitionSubstitutions; the local stack
substitutes the same placeholders and creates the state machine in moto.
"""

import json
import re
from importlib import resources
from typing import Any, Final

from playrunner.orchestration.retry_policy import with_policies

DEFINITION_FILE = "execution.asl.json"

# Placeholder in the definition -> the function (under functions/) that serves it.
STEP_FUNCTIONS: dict[str, str] = {
    "InitializeExecutionFunction": "step_initialize",
    "PlanSlicesFunction": "step_plan_slices",
    "StartSliceFunction": "step_start_slice",
    "RunPlaybookFunction": "step_run_playbook",
    "RecordSliceFunction": "step_record_slice",
    "FinalizeExecutionFunction": "step_finalize",
}

# Execution data (inputs and outputs) stays out of the logs: they carry ids only, but the
# rule holds whatever a later state adds. Both homes log with this setting.
LOG_LEVEL: Final = "ALL"
INCLUDE_EXECUTION_DATA: Final = False


def logging_configuration(log_group_arn: str) -> dict[str, Any]:
    return {
        "level": LOG_LEVEL,
        "includeExecutionData": INCLUDE_EXECUTION_DATA,
        "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": log_group_arn}}],
    }


def definition_text() -> str:
    """The definition, with its retry policies put in (retry_policy.py)."""
    written = json.loads(resources.files("playrunner.orchestration").joinpath(DEFINITION_FILE).read_text())
    return json.dumps(with_policies(written), indent=2)


def placeholders(text: str | None = None) -> set[str]:
    return set(re.findall(r"\$\{(\w+)\}", text if text is not None else definition_text()))


def substitute(substitutions: dict[str, str], text: str | None = None) -> str:
    """The definition with every ${Name} replaced, as Step Functions' DefinitionSubstitutions do."""
    text = text if text is not None else definition_text()
    missing = placeholders(text) - substitutions.keys()
    if missing:
        raise KeyError(f"no value for {sorted(missing)}")
    return re.sub(r"\$\{(\w+)\}", lambda m: substitutions[m.group(1)], text)


def definition(substitutions: dict[str, str]) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(substitute(substitutions))
    return parsed
