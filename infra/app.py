"""The CDK app: `npx cdk synth` / `deploy` (cdk.json), or `python -m infra.app` offline.

cdk-nag's AwsSolutions pack checks every construct; its report lands in the output directory.
"""

import os
from typing import Any

from aws_cdk import App, Aspects, Environment
from cdk_nag import AwsSolutionsChecks

from infra.nag import suppress
from infra.stack import PlayrunnerStack

STACK_NAME = "Playrunner"


def build_app(outdir: str = "cdk.out", context: dict[str, Any] | None = None) -> tuple[App, PlayrunnerStack]:
    app = App(outdir=outdir, context=context)
    account, region = os.environ.get("CDK_DEFAULT_ACCOUNT"), os.environ.get("CDK_DEFAULT_REGION")
    env = Environment(account=account, region=region) if account and region else None
    stack = PlayrunnerStack(app, STACK_NAME, env=env, description="playrunner: a serverless Ansible job service")
    suppress(stack)
    Aspects.of(app).add(AwsSolutionsChecks(reports=True, verbose=True))
    return app, stack


def main() -> None:
    app, _ = build_app(outdir=os.environ.get("CDK_OUTDIR", "cdk.out"))
    app.synth()


if __name__ == "__main__":
    main()
