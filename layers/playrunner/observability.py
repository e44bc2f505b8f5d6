"""Powertools Logger and Metrics, shared by every function.

No Powertools Tracer: its X-Ray SDK builds two botocore clients when it is imported (about
300 ms of every cold start here). Each function is traced all the same (Lambda's active
tracing, with API Gateway and Step Functions in the same trace); what is given up is a
subsegment per AWS call inside a function.
"""

import warnings

from aws_lambda_powertools import Logger, Metrics

from playrunner.naming import APP_NAME

logger = Logger(service=APP_NAME)
metrics = Metrics(namespace=APP_NAME, service=APP_NAME)

# Most requests publish no custom metric; Powertools warns about each of them.
warnings.filterwarnings("ignore", message="No application metrics to publish")
