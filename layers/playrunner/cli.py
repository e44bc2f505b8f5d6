"""The `playrunner` command: run the local stack, manage its users, and use any playrunner API."""

import argparse
import ipaddress
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from playrunner.naming import ENV_LOCAL_RUNNER_SLOTS

DEFAULT_DATA_DIR = ".playrunner"


def _cognito(endpoint: str | None = None) -> Any:
    import boto3

    return boto3.client("cognito-idp", endpoint_url=endpoint) if endpoint else boto3.client("cognito-idp")


def _user_exists(cognito: Any, pool_id: str, username: str) -> bool:
    try:
        cognito.admin_get_user(UserPoolId=pool_id, Username=username)
    except cognito.exceptions.UserNotFoundException:
        return False
    return True


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(args: argparse.Namespace) -> int:
    from playrunner.auth.users import add_user
    from playrunner.local.stack import LocalStack, generated_password
    from playrunner.webconsole import CONSOLE_PATH

    if not _is_loopback(args.host):
        if not args.expose:
            print(
                f"playrunner: {args.host} is not a loopback address: the local stack is for this machine. "
                "Give --expose to serve it to the network anyway.",
                file=sys.stderr,
            )
            return 2
        print(
            f"warning: serving the local stack on {args.host}: anyone who reaches it can try its API, "
            "and it does not isolate tenants as the stack in AWS does (see the README's Security model)",
            file=sys.stderr,
        )
    stack = LocalStack(
        data_dir=Path(args.data_dir),
        host=args.host,
        port=args.port,
        loopback_callbacks=args.loopback_callbacks,
        runner_slots=args.runner_slots,
    )
    try:
        stack.start()
    except RuntimeError as exc:
        print(f"playrunner: {exc}", file=sys.stderr)
        return 1
    try:
        username = os.environ.get("PLAYRUNNER_USER", "admin")
        account = os.environ.get("PLAYRUNNER_ACCOUNT", "DEMO")
        password = os.environ.get("PLAYRUNNER_PASSWORD")
        cognito = _cognito()
        pool_id = stack.resources.user_pool_id
        known_password = password
        if password or not _user_exists(cognito, pool_id, username):
            password = known_password = password or generated_password()
            add_user(
                cognito,
                pool_id,
                username=username,
                password=password,
                account_alias=account,
                groups=["admin"],
            )
            login_hint = f"login: {username} / {password} (account {account})"
        else:
            login_hint = f"login: {username} (account {account}; password unchanged, set PLAYRUNNER_PASSWORD to reset)"

        def _stop(signum: int, _frame: Any) -> None:
            stack.shutdown()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        print(login_hint, flush=True)
        print(f"data directory: {stack.data_dir}", flush=True)
        print(f"playrunner listening on {stack.url}", flush=True)
        print(f"web console: {stack.url}{CONSOLE_PATH}", flush=True)
        if args.demo:
            threading.Thread(
                target=_demo, args=(stack.url, username, known_password, account), name="demo", daemon=True
            ).start()
        stack.serve_forever()
    finally:
        stack.close()
    print("playrunner stopped", flush=True)
    return 0


def _demo(url: str, username: str, password: str | None, account: str) -> None:
    from playrunner.local.demo import run_demo

    def say(line: str) -> None:
        print(line, flush=True)

    if password is None:
        say("demo: skipped: the admin's password is not known to this run (set PLAYRUNNER_PASSWORD)")
        return
    try:
        run_demo(url, username, password, account, say)
    except Exception as exc:
        say(f"demo: failed: {exc}")


def users_add(args: argparse.Namespace) -> int:
    from playrunner.auth.users import add_user
    from playrunner.local.stack import DataDirLock, prepare_data_dir, read_stack_file

    data_dir = prepare_data_dir(Path(args.data_dir))
    lock = DataDirLock(data_dir)
    user = {
        "username": args.username,
        "password": args.password,
        "account_alias": args.account,
        "groups": args.group or [],
    }
    if lock.acquire():
        # No stack runs on this data directory: change its saved state directly.
        try:
            _add_user_offline(data_dir, user)
        finally:
            lock.release()
    else:
        stack = read_stack_file(data_dir)
        if stack is None:
            print("playrunner: the stack in this data directory is still starting; try again", file=sys.stderr)
            return 1
        from playrunner.local.stack import aws_environment

        os.environ.update(aws_environment(stack["aws_endpoint"]))
        add_user(_cognito(), stack["resources"]["user_pool_id"], **user)
    print(f"user {args.username} can now log in to account {args.account}")
    return 0


def _add_user_offline(data_dir: Path, user: dict[str, Any]) -> None:
    from moto import mock_aws

    from playrunner.auth.users import add_user
    from playrunner.local import moto_state
    from playrunner.local.provision import provision
    from playrunner.local.stack import aws_environment

    env = aws_environment("")
    env.pop("AWS_ENDPOINT_URL")
    os.environ.update(env)
    with mock_aws():
        moto_state.restore(data_dir)
        resources = provision()
        add_user(_cognito(), resources.user_pool_id, **user)
        moto_state.save(data_dir)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="playrunner", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve_cmd = commands.add_parser("serve", help="run the whole service on this machine (the local stack)")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8080)
    serve_cmd.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    serve_cmd.add_argument("--demo", action="store_true", help="once up, run the example job and print its result")
    serve_cmd.add_argument(
        "--expose", action="store_true", help="allow a --host that is not a loopback address (prints a warning)"
    )
    serve_cmd.add_argument(
        "--no-loopback-callbacks",
        dest="loopback_callbacks",
        action="store_false",
        help="refuse callback URLs on this machine's loopback, as the stack in AWS does",
    )
    serve_cmd.add_argument(
        "--runner-slots",
        type=int,
        default=int(os.environ.get(ENV_LOCAL_RUNNER_SLOTS) or os.cpu_count() or 2),
        help="how many runners may run at once; more executions wait for a slot (default: the cores, "
        f"or {ENV_LOCAL_RUNNER_SLOTS})",
    )
    serve_cmd.set_defaults(func=serve)

    users_cmd = commands.add_parser("users", help="manage the local stack's users")
    users_sub = users_cmd.add_subparsers(dest="users_command", required=True)
    add_cmd = users_sub.add_parser("add", help="add a user (or reset its password), running or not")
    add_cmd.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    add_cmd.add_argument("--account", required=True)
    add_cmd.add_argument("--username", required=True)
    add_cmd.add_argument("--password", required=True)
    add_cmd.add_argument("--group", action="append", help="a Cognito group (role); repeatable")
    add_cmd.set_defaults(func=users_add)

    from playrunner.console.commands import add_client_commands

    add_client_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    from playrunner.console.commands import run_client_command

    args = build_parser().parse_args(argv)
    return run_client_command(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
