"""The runner's logger: one JSON line per record on the task's output (CloudWatch in AWS)."""

from aws_lambda_powertools import Logger

logger = Logger(service="playrunner-runner")
