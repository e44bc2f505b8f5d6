"""playrunner: a serverless Ansible job service for AWS."""

__version__ = "0.1.0"
