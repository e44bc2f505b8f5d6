"""The runner: what the Fargate task runs (locally, a subprocess with the same environment).

It loads the run from the store by id, decrypts its keys inside the task, fetches the
playbook, runs it with ansible-runner, streams events to the store and stdout to S3,
records each host's result, and answers the state machine's task token.
"""
