"""What an operator watches: a dashboard of runs and the API, and alarms on failed runs and
function errors."""

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from playrunner.naming import APP_NAME

PERIOD = Duration.minutes(5)


def _playrunner_metric(name: str, statistic: str, label: str) -> cloudwatch.Metric:
    return cloudwatch.Metric(
        namespace=APP_NAME,
        metric_name=name,
        dimensions_map={"service": APP_NAME},
        statistic=statistic,
        period=PERIOD,
        label=label,
    )


class Observability(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        state_machine: sfn.StateMachine,
        rest_api: apigateway.RestApi,
        functions: dict[str, lambda_.Function],
    ) -> None:
        super().__init__(scope, construct_id)
        # Started counts state machine runs; how they ended is playrunner's own figure (a playbook
        # that fails on a host is a state machine run that succeeded in recording it).
        started = state_machine.metric_started(period=PERIOD, statistic="Sum", label="started")
        succeeded = _playrunner_metric("ExecutionsSuccess", "Sum", "succeeded")
        failed = _playrunner_metric("ExecutionsFailure", "Sum", "failed")
        duration = _playrunner_metric("RunDuration", "p90", "run duration (ms)")
        broken = state_machine.metric_failed(period=PERIOD, statistic="Sum", label="state machine runs failed")
        errors = [function.metric_errors(period=PERIOD, statistic="Sum") for function in functions.values()]
        function_errors = cloudwatch.MathExpression(
            expression=" + ".join(f"FILL(e{i}, 0)" for i in range(len(errors))),
            using_metrics={f"e{i}": metric for i, metric in enumerate(errors)},
            label="function errors",
            period=PERIOD,
        )
        self.dashboard = cloudwatch.Dashboard(self, "Dashboard")
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(title="Executions", left=[started, succeeded, failed, broken], width=12),
            cloudwatch.GraphWidget(title="Run duration (p90)", left=[duration], width=12),
            cloudwatch.GraphWidget(
                title="API errors",
                left=[rest_api.metric_client_error(period=PERIOD), rest_api.metric_server_error(period=PERIOD)],
                width=12,
            ),
            cloudwatch.GraphWidget(title="Function errors", left=[function_errors], width=12),
        )
        self.failed_runs = failed.create_alarm(
            self,
            "FailedExecutions",
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description="an execution ended FAILURE",
        )
        # An alarm's math may hold only 10 metrics: one alarm per function, and one over them all.
        per_function = [
            metric.create_alarm(
                self,
                f"Errors{name.title().replace('_', '')}",
                threshold=1,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                alarm_description=f"playrunner function {name} raised an error",
            )
            for (name, _), metric in zip(functions.items(), errors, strict=True)
        ]
        self.function_errors = cloudwatch.CompositeAlarm(
            self,
            "FunctionErrors",
            alarm_rule=cloudwatch.AlarmRule.any_of(*per_function),
            alarm_description="a playrunner function raised an error",
        )
