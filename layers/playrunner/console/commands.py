"""The client commands, against any playrunner API (the local stack or a deployed one)."""

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from playrunner.client import ApiError, PlayrunnerClient
from playrunner.console import profile
from playrunner.console.watch import watch
from playrunner.models.execution import FINAL_STATUSES


def _client() -> tuple[PlayrunnerClient, profile.Profile]:
    current = profile.load()
    return PlayrunnerClient(current.api, current.token), current


def _show(args: argparse.Namespace, value: Any) -> None:
    if args.output == "json" or not isinstance(value, dict | list):
        print(json.dumps(value, indent=2) if args.output == "json" else value)
        return
    rows = value.get("results", [value]) if isinstance(value, dict) else value
    for row in rows:
        if "attempt" in row and "tasks" in row:  # a workflow run
            print(f"{row['id']}  {row['workflow']}  {row['status']}  attempt {row['attempt']}")
            for task_id, task in row["tasks"].items():
                print(f"  {task_id:<20} {task['status']:<10} {task.get('execution_id') or ''}")
            for error in row.get("errors", []):
                print(f"  ! {error.get('task') or 'run'}: {error['message']}")
        elif "execution_id" in row:
            failed = row.get("failed_hosts", [])
            print(f"{row['execution_id']}  {row['status']:<12} {row.get('launch_type', '')}  failed={failed}")
        else:
            print(f"{row.get('id')}  {row.get('description') or ''}  hosts={len(row.get('hosts', []))}")


def login(args: argparse.Namespace) -> int:
    client = PlayrunnerClient(args.api)
    answer = client.login(args.username, args.password)
    saved = profile.save(
        profile.Profile(
            api=args.api, account_alias=answer["accountAlias"], username=answer["userName"], token=answer["bearerToken"]
        )
    )
    print(f"logged in as {answer['userName']} (account {answer['accountAlias']}); profile {saved}")
    return 0


def _param(text: str) -> str:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"{text!r}: give a parameter as NAME=VALUE")
    return text


def jobs(args: argparse.Namespace) -> int:
    client, current = _client()
    base = f"/jobs/{current.account_alias}"
    if args.action == "list":
        _show(args, client.request("GET", base))
    elif args.action == "get":
        _show(args, client.request("GET", f"{base}/{args.id}"))
    elif args.action == "create":
        document = yaml.safe_load(Path(args.file).read_text())
        _show(args, client.request("POST", base, document))
    elif args.action == "start":
        params = [dict(zip(("name", "value"), param.split("=", 1), strict=True)) for param in args.param]
        _show(args, client.request("POST", f"{base}/{args.id}/start", {"jobParams": params} if params else {}))
    elif args.action == "delete":
        client.request("DELETE", f"{base}/{args.id}")
        print(f"deleted job {args.id}")
    return 0


def _variable(text: str) -> tuple[str, Any]:
    """NAME=VALUE, the value read as YAML (42, true, [a, b]) and otherwise kept as text."""
    name, value = _param(text).split("=", 1)
    try:
        return name, yaml.safe_load(value)
    except yaml.YAMLError:
        return name, value


def workflows(args: argparse.Namespace) -> int:
    client, current = _client()
    base = f"/workflows/{current.account_alias}"
    if args.action == "list":
        for workflow in client.request("GET", base)["results"]:
            print(workflow["name"] if args.output != "json" else json.dumps(workflow))
    elif args.action == "get":
        _show(args, client.request("GET", f"{base}/{args.id}"))
    elif args.action == "create":
        _show(args, client.request("POST", base, yaml.safe_load(Path(args.file).read_text())))
    elif args.action == "delete":
        client.request("DELETE", f"{base}/{args.id}")
        print(f"deleted workflow {args.id}")
    elif args.action == "start":
        options = {"variables": dict(_variable(text) for text in args.var), "groups": args.group}
        _show(args, client.request("POST", f"{base}/jobs/start", {"workflow": args.id, "options": options})["data"])
    elif args.action == "run":
        _show(args, client.request("GET", f"{base}/runs/{args.id}"))
    else:  # cancel, resume
        _show(args, client.request("POST", f"{base}/runs/{args.id}/{args.action}"))
    return 0


def executions(args: argparse.Namespace) -> int:
    client, current = _client()
    account = current.account_alias
    if args.action == "list":
        _show(args, client.request("GET", f"/jobs/{account}/{args.id}/executions"))
        return 0
    execution = client.execution(account, args.id)
    if args.action == "get":
        _show(args, execution)
        return 0
    path = f"/jobs/{account}/{execution['job_id']}/executions/{args.id}/{args.action}"
    body: dict[str, Any] = {"hosts": args.hosts} if args.action == "relaunch" else {}
    _show(args, client.request("POST", path, body))
    return 0


def watch_command(args: argparse.Namespace) -> int:
    client, current = _client()
    final = watch(
        client, current.account_alias, args.execution_id, out=sys.stdout if args.output != "json" else sys.stderr
    )
    if args.output == "json":
        print(json.dumps(final, indent=2))
    return 0 if final["status"] == "SUCCESS" else 1


def logs(args: argparse.Namespace) -> int:
    client, current = _client()
    execution = client.execution(current.account_alias, args.execution_id)
    offset = 0
    while True:
        ended = execution["status"] in FINAL_STATUSES
        while True:  # every page written so far, each read once
            text, after = client.stdout(current.account_alias, execution["job_id"], args.execution_id, offset)
            sys.stdout.write(text)
            if after == offset or not text:
                break
            offset = after
        sys.stdout.flush()
        if not args.follow or ended:
            return 0
        time.sleep(1)
        execution = client.execution(current.account_alias, args.execution_id)


def add_client_commands(commands: Any) -> None:
    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(name, help=help_text)
        parser.add_argument("--output", choices=["text", "json"], default="text")
        return parser

    login_cmd = command("login", "log in to a playrunner API and keep the profile (0600)")
    login_cmd.add_argument("--api", required=True, help="the API's URL, e.g. http://127.0.0.1:8080")
    login_cmd.add_argument("--username", required=True)
    login_cmd.add_argument("--password", required=True)
    login_cmd.set_defaults(func=login)

    jobs_cmd = command("jobs", "list, get, create (-f job.yaml), start or delete jobs")
    jobs_cmd.add_argument("action", choices=["list", "get", "create", "start", "delete"])
    jobs_cmd.add_argument("id", nargs="?")
    jobs_cmd.add_argument("-f", "--file", help="the job as YAML or JSON (create)")
    jobs_cmd.add_argument(
        "-p", "--param", action="append", default=[], type=_param, metavar="NAME=VALUE", help="a job parameter (start)"
    )
    jobs_cmd.set_defaults(func=jobs)

    workflows_cmd = command(
        "workflows", "list, get, create (-f workflow.yaml) or delete workflows; start one; run, cancel or resume a run"
    )
    workflows_cmd.add_argument(
        "action", choices=["list", "get", "create", "delete", "start", "run", "cancel", "resume"]
    )
    workflows_cmd.add_argument("id", nargs="?", help="a workflow name, or a run id (run, cancel, resume)")
    workflows_cmd.add_argument("-f", "--file", help="the workflow as YAML or JSON (create)")
    workflows_cmd.add_argument(
        "-v", "--var", action="append", default=[], metavar="NAME=VALUE", help="a run variable (start)"
    )
    workflows_cmd.add_argument(
        "-g", "--group", action="append", default=[], help="a group that may see the run (start)"
    )
    workflows_cmd.set_defaults(func=workflows)

    executions_cmd = command("executions", "list a job's executions; get, restart, relaunch, stop or kill one")
    executions_cmd.add_argument("action", choices=["list", "get", "restart", "relaunch", "stop", "kill"])
    executions_cmd.add_argument("id", help="a job id (list) or an execution id")
    executions_cmd.add_argument("--hosts", choices=["all", "failed"], default="all", help="relaunch on these hosts")
    executions_cmd.set_defaults(func=executions)

    watch_cmd = command("watch", "follow an execution live; exits 1 unless it ends SUCCESS")
    watch_cmd.add_argument("execution_id")
    watch_cmd.set_defaults(func=watch_command)

    logs_cmd = command("logs", "print an execution's output")
    logs_cmd.add_argument("execution_id")
    logs_cmd.add_argument("-f", "--follow", action="store_true", help="keep printing until the run ends")
    logs_cmd.set_defaults(func=logs)


def run_client_command(func: Any, args: argparse.Namespace) -> int:
    try:
        return int(func(args))
    except ApiError as exc:
        print(f"playrunner: {exc}", file=sys.stderr)
        return 2
