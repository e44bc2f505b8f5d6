"""Powertools Logger, Tracer and Metrics, shared by every function."""

import warnings

from aws_lambda_powertools import Logger, Metrics, Tracer

from playrunner.naming import APP_NAME

logger = Logger(service=APP_NAME)
tracer = Tracer(service=APP_NAME)
metrics = Metrics(namespace=APP_NAME, service=APP_NAME)

# Most requests publish no custom metric; Powertools warns about each of them.
warnings.filterwarnings("ignore", message="No application metrics to publish")
