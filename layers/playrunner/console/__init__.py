"""The `playrunner` client commands: log in, manage jobs and executions, watch a run."""
