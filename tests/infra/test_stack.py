"""The CDK stack: what it deploys, checked on the synthesized template."""

import json
from typing import Any

import pytest
from aws_cdk.assertions import Annotations, Match
from cfnlint.api import ManualArgs, lint

from playrunner.api.routes import ROUTES
from playrunner.catalogue import FUNCTIONS
from playrunner.naming import NOTICE_FUNCTION
from playrunner.orchestration.definition import STEP_FUNCTIONS, definition_text, placeholders, substitute
from playrunner.services.notices import EXECUTION_CHANGES
from playrunner.store.schema import create_table_request
from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra
LINT_REGION = "us-east-1"


def _handlers(synthesized: Synthesized) -> dict[str, str]:
    """Handler -> logical id, for playrunner's own functions."""
    return {
        resource["Properties"]["Handler"]: logical_id
        for logical_id, resource in synthesized.resources("AWS::Lambda::Function").items()
        if resource["Properties"].get("Handler", "").startswith("functions.")
    }


def _resource_paths(synthesized: Synthesized) -> dict[str, str]:
    """API Gateway resource logical id -> its full path."""
    resources = synthesized.resources("AWS::ApiGateway::Resource")

    def path_of(logical_id: str) -> str:
        properties = resources[logical_id]["Properties"]
        parent = properties["ParentId"]
        prefix = path_of(parent["Ref"]) if isinstance(parent, dict) and "Ref" in parent else ""
        return f"{prefix}/{properties['PathPart']}"

    return {logical_id: path_of(logical_id) for logical_id in resources}


def test_the_stack_has_the_catalogues_functions(synthesized: Synthesized) -> None:
    expected = {function.handler for function in FUNCTIONS.values()}
    assert set(_handlers(synthesized)) == expected
    for resource in synthesized.resources("AWS::Lambda::Function").values():
        properties = resource["Properties"]
        if properties.get("Handler", "").startswith("functions."):
            assert properties["TracingConfig"] == {"Mode": "Active"}
            assert len(properties["Layers"]) == 2  # Powertools and the shared layer


def test_every_route_has_its_method_and_lambda(synthesized: Synthesized) -> None:
    paths = _resource_paths(synthesized)
    handlers = {logical_id: handler for handler, logical_id in _handlers(synthesized).items()}
    methods = set()
    for resource in synthesized.resources("AWS::ApiGateway::Method").values():
        properties = resource["Properties"]
        if properties["HttpMethod"] == "OPTIONS":
            continue
        uri = json.dumps(properties["Integration"]["Uri"])
        (function,) = [handler for logical_id, handler in handlers.items() if logical_id in uri]
        path = paths[properties["ResourceId"]["Ref"]]
        methods.add((properties["HttpMethod"], path, function, properties["AuthorizationType"]))
    expected = {
        (
            route.method,
            route.path,
            f"functions.{route.function}.handler.lambda_handler",
            "NONE" if route.public else "COGNITO_USER_POOLS",
        )
        for route in ROUTES
    }
    assert methods == expected


def test_the_api_is_throttled_and_logged(synthesized: Synthesized) -> None:
    synthesized.template.has_resource_properties(
        "AWS::ApiGateway::Stage",
        {
            "AccessLogSetting": Match.object_like({"DestinationArn": Match.any_value()}),
            "MethodSettings": Match.array_with(
                [Match.object_like({"ThrottlingRateLimit": Match.any_value(), "DataTraceEnabled": False})]
            ),
            "TracingEnabled": True,
        },
    )
    synthesized.template.has_resource_properties(
        "AWS::Cognito::UserPool",
        {"Schema": Match.array_with([Match.object_like({"Name": "account_alias", "Mutable": False})])},
    )


def test_the_table_is_the_shared_schema_with_recovery_and_ttl(synthesized: Synthesized) -> None:
    (table,) = synthesized.resources("AWS::DynamoDB::GlobalTable").values()
    properties = table["Properties"]
    local = create_table_request("any")
    assert properties["KeySchema"] == local["KeySchema"]
    assert sorted(properties["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == sorted(
        local["AttributeDefinitions"], key=lambda a: a["AttributeName"]
    )
    indexes = [
        {k: v for k, v in index.items() if k != "WriteOnDemandThroughputSettings"}
        for index in properties["GlobalSecondaryIndexes"]
    ]
    assert indexes == local["GlobalSecondaryIndexes"]
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    (replica,) = properties["Replicas"]
    assert replica["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["SSESpecification"]["SSEEnabled"] is True


def test_secrets_key_rotates_and_stdout_bucket_is_private(synthesized: Synthesized) -> None:
    synthesized.template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})
    synthesized.template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "BucketEncryption": Match.any_value(),
            "LifecycleConfiguration": Match.object_like(
                {"Rules": Match.array_with([Match.object_like({"Status": "Enabled"})])}
            ),
            "PublicAccessBlockConfiguration": Match.object_like({"BlockPublicAcls": True}),
        },
    )
    synthesized.template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "PolicyDocument": Match.object_like(
                {
                    "Statement": Match.array_with(
                        [Match.object_like({"Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Effect": "Deny"})]
                    )
                }
            )
        },
    )


def test_the_state_machine_is_the_definition_the_local_stack_runs(synthesized: Synthesized) -> None:
    (machine,) = synthesized.resources("AWS::StepFunctions::StateMachine").values()
    properties = machine["Properties"]
    # The same text, with the same placeholders, substituted by Step Functions in AWS ...
    assert properties["DefinitionString"] == definition_text()
    handlers = {logical_id: handler for handler, logical_id in _handlers(synthesized).items()}
    for placeholder, value in properties["DefinitionSubstitutions"].items():
        logical_id = value["Fn::GetAtt"][0]
        assert handlers[logical_id] == f"functions.{STEP_FUNCTIONS[placeholder]}.handler.lambda_handler"
    assert set(properties["DefinitionSubstitutions"]) == placeholders()
    # ... and by the local stack, which yields the same document once ARNs stand in
    arns = {
        placeholder: f"arn:aws:lambda:us-east-1:123456789012:function:{f}" for placeholder, f in STEP_FUNCTIONS.items()
    }
    local = json.loads(substitute(arns))
    assert json.loads(substitute(arns, properties["DefinitionString"])) == local
    assert properties["LoggingConfiguration"]["IncludeExecutionData"] is False
    assert properties["LoggingConfiguration"]["Level"] == "ALL"
    assert properties["TracingConfiguration"] == {"Enabled": True}


def test_the_runner_is_a_fargate_task(synthesized: Synthesized) -> None:
    synthesized.template.has_resource_properties(
        "AWS::ECS::TaskDefinition",
        {
            "RequiresCompatibilities": ["FARGATE"],
            "Family": "playrunner-runner",
            "ContainerDefinitions": [Match.object_like({"Name": "runner", "LogConfiguration": Match.any_value()})],
        },
    )


def _statements(synthesized: Synthesized) -> list[dict[str, Any]]:
    found = []
    for resource_type in ("AWS::IAM::Policy", "AWS::IAM::Role"):
        for resource in synthesized.resources(resource_type).values():
            properties = resource["Properties"]
            documents = [properties.get("PolicyDocument")] + [
                p["PolicyDocument"] for p in properties.get("Policies", [])
            ]
            for document in filter(None, documents):
                found.extend(document["Statement"])
    return found


def test_no_wildcard_actions(synthesized: Synthesized) -> None:
    for statement in _statements(synthesized):
        for action in _as_list(statement.get("Action")):
            assert action != "*", statement
            assert not action.endswith(":*"), statement


TENANT = "${aws:PrincipalTag/account_alias}"


def test_secrets_open_only_with_an_account_alias_in_the_context(synthesized: Synthesized) -> None:
    # No function can decrypt without an account alias in the context; the runner's tenant role
    # only with its own account's.
    kms = [s for s in _statements(synthesized) if any(str(a).startswith("kms:") for a in _as_list(s.get("Action")))]
    assert kms
    for statement in kms:
        if set(_as_list(statement["Action"])) & {"kms:Decrypt", "kms:GenerateDataKey"}:
            assert statement["Condition"] in (
                {"Null": {"kms:EncryptionContext:account_alias": "false"}},
                {"StringEquals": {"kms:EncryptionContext:account_alias": TENANT}},
            ), statement


def _role_statements(synthesized: Synthesized, role_logical_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for resource in synthesized.resources("AWS::IAM::Policy").values():
        if {"Ref": role_logical_id} in resource["Properties"].get("Roles", []):
            found.extend(resource["Properties"]["PolicyDocument"]["Statement"])
    return found


def _runner_roles(synthesized: Synthesized) -> tuple[str, str]:
    """(the runner task role's logical id, the tenant role's)."""
    (definition,) = synthesized.resources("AWS::ECS::TaskDefinition").values()
    task_role = definition["Properties"]["TaskRoleArn"]["Fn::GetAtt"][0]
    tenant = [
        logical_id
        for logical_id, role in synthesized.resources("AWS::IAM::Role").items()
        if json.dumps({"Fn::GetAtt": [task_role, "Arn"]}) in json.dumps(role["Properties"]["AssumeRolePolicyDocument"])
    ]
    assert len(tenant) == 1
    return task_role, tenant[0]


def test_the_runner_task_role_reaches_no_data_of_its_own(synthesized: Synthesized) -> None:
    task_role, _ = _runner_roles(synthesized)
    actions = [a for s in _role_statements(synthesized, task_role) for a in _as_list(s["Action"])]
    assert "sts:AssumeRole" in actions
    assert not [a for a in actions if a.split(":")[0] in {"dynamodb", "kms", "s3"}], actions


def test_every_data_statement_of_the_runner_carries_its_account(synthesized: Synthesized) -> None:
    _, tenant_role = _runner_roles(synthesized)
    statements = _role_statements(synthesized, tenant_role)
    assert {a.split(":")[0] for s in statements for a in _as_list(s["Action"])} == {"dynamodb", "kms", "s3"}
    for statement in statements:
        service = _as_list(statement["Action"])[0].split(":")[0]
        if service == "dynamodb":
            keys = statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
            assert keys == [f"ACCOUNT#{TENANT}", f"ACCOUNT#{TENANT}#*"]
        elif service == "kms":
            assert statement["Condition"] == {"StringEquals": {"kms:EncryptionContext:account_alias": TENANT}}
        else:
            assert f"/stdout/{TENANT}/*" in json.dumps(statement["Resource"]), statement
    # And it is assumed only by the runner, with the account's session tag and no other
    trust = synthesized.resources("AWS::IAM::Role")[tenant_role]["Properties"]["AssumeRolePolicyDocument"]
    tagging = [s for s in trust["Statement"] if "sts:TagSession" in _as_list(s["Action"])]
    assert tagging
    assert tagging[0]["Condition"]["StringLike"] == {"aws:RequestTag/account_alias": "?*"}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def test_schedules_fire_the_fire_function_through_their_own_role(synthesized: Synthesized) -> None:
    synthesized.template.resource_count_is("AWS::Scheduler::ScheduleGroup", 1)
    synthesized.template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": Match.object_like(
                {"Statement": [Match.object_like({"Principal": {"Service": "scheduler.amazonaws.com"}})]}
            )
        },
    )


def test_status_changes_are_put_on_the_bus_by_the_publisher_alone(synthesized: Synthesized) -> None:
    synthesized.template.resource_count_is("AWS::Events::EventBus", 1)
    given_the_bus = {
        resource["Properties"]["Handler"]
        for resource in synthesized.resources("AWS::Lambda::Function").values()
        if "PLAYRUNNER_EVENT_BUS_NAME" in resource["Properties"].get("Environment", {}).get("Variables", {})
    }
    assert given_the_bus == {FUNCTIONS[NOTICE_FUNCTION].handler}


def test_cfn_lint_finds_no_error(synthesized: Synthesized) -> None:
    matches = lint(json.dumps(synthesized.document), config=ManualArgs(regions=[LINT_REGION]))
    errors = [match for match in matches if match.rule.id.startswith("E")]
    assert errors == [], [str(e) for e in errors]


def test_cdk_nag_finds_nothing_unsuppressed(synthesized: Synthesized) -> None:
    errors = Annotations.from_stack(synthesized.stack).find_error("*", Match.string_like_regexp("AwsSolutions-.*"))
    warnings = Annotations.from_stack(synthesized.stack).find_warning("*", Match.string_like_regexp("AwsSolutions-.*"))
    assert [e.entry.data for e in errors] == []
    assert [w.entry.data for w in warnings] == []
    report = synthesized.outdir / "AwsSolutions--Playrunner-NagReport.csv"
    assert report.exists()
    assert "Non-Compliant" not in report.read_text()


def test_callback_queues_feed_the_deliver_function_and_report_partial_failures(synthesized: Synthesized) -> None:
    template = synthesized.template
    queues = template.find_resources("AWS::SQS::Queue")
    fifo = [q for q in queues.values() if q["Properties"].get("FifoQueue")]
    assert len(fifo) == 2  # the notices and their dead letters
    mappings = template.find_resources("AWS::Lambda::EventSourceMapping")
    assert len(mappings) == 3  # the two queues, and the table's stream
    for mapping in mappings.values():
        assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_the_tables_stream_feeds_the_publisher_only_execution_changes(synthesized: Synthesized) -> None:
    # Given the table's stream of old and new images
    table = next(iter(synthesized.resources("AWS::DynamoDB::GlobalTable").values()))
    assert table["Properties"]["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    # Then one event source reads it, filtered to executions, retried and then set aside
    streams = [
        m["Properties"]
        for m in synthesized.resources("AWS::Lambda::EventSourceMapping").values()
        if "StartingPosition" in m["Properties"]
    ]
    assert len(streams) == 1
    stream = streams[0]
    assert [json.loads(f["Pattern"]) for f in stream["FilterCriteria"]["Filters"]] == [EXECUTION_CHANGES]
    assert stream["MaximumRetryAttempts"] == 10
    assert "OnFailure" in stream["DestinationConfig"]


def test_workflow_state_machines_are_made_at_run_time_by_prefix_with_their_own_role(
    synthesized: Synthesized,
) -> None:
    # A role Step Functions assumes, allowed to invoke the two workflow steps
    synthesized.template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": Match.object_like(
                {"Statement": [Match.object_like({"Principal": {"Service": "states.amazonaws.com"}})]}
            ),
            "Description": Match.string_like_regexp("workflow"),
        },
    )
    # Making state machines is granted by name prefix, with the role passed to them
    statements = _statements(synthesized)
    create = [s for s in statements if "states:CreateStateMachine" in _as_list(s.get("Action"))]
    assert create
    for statement in create:
        assert "stateMachine:playrunner-wf-*" in json.dumps(statement["Resource"])
    assert any("iam:PassRole" in _as_list(s.get("Action")) for s in statements)
    # The functions that make them know the steps, the role and where to log
    handlers = _handlers(synthesized)
    variables = synthesized.resources("AWS::Lambda::Function")[
        handlers["functions.create_workflow.handler.lambda_handler"]
    ]["Properties"]["Environment"]["Variables"]
    for name in ("ROLE_ARN", "TASK_FUNCTION_ARN", "FINISH_FUNCTION_ARN", "LOG_GROUP_ARN", "STATE_MACHINE_PREFIX"):
        assert f"PLAYRUNNER_WORKFLOW_{name}" in variables
