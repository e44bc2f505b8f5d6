"""Lambda, played locally: moto's invoke (which the Step Functions interpreter calls) is routed
in-process to the same handler modules the CDK stack deploys."""

import json
from typing import Any

from aws_lambda_powertools import Logger

from playrunner.local.functions import FunctionHost
from playrunner.naming import LOCAL_FUNCTION_PREFIX

logger = Logger(service="playrunner-local-lambda")


def install_lambda_routing(host: FunctionHost) -> None:
    from moto.awslambda.models import LambdaFunction

    def _invoke_lambda(function: Any, event: Any = None) -> tuple[str, bool, str]:
        name = str(function.function_name).removeprefix(LOCAL_FUNCTION_PREFIX)
        try:
            return json.dumps(host.invoke(name, event if event is not None else {})), False, ""
        except Exception as exc:
            logger.exception("function failed", extra={"function": name})
            # What Lambda answers for an unhandled error: Retry and Catch match its errorType.
            return json.dumps({"errorType": type(exc).__name__, "errorMessage": str(exc)}), True, ""

    LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign,assignment]
