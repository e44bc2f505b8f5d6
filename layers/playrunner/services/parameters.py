"""The parameters a start runs with: what it gives, checked against what the job declares.

A job that declares no parameters takes any well-formed jobParams (as the Runner did). One that
declares some takes only those: an unknown name or a missing required one is refused, each
problem naming its parameter, and a declared default fills what the start leaves out.
"""

from playrunner.errors import Invalid
from playrunner.models.errors import FieldError
from playrunner.models.execution import JobParam
from playrunner.models.job import Job


def resolve_job_params(job: Job, given: list[JobParam]) -> list[JobParam]:
    if not job.parameters:
        return list(given)
    declared = {parameter.name: parameter for parameter in job.parameters}
    given_names = {param.name for param in given}
    problems = [
        FieldError(field=f"jobParams.{param.name}", reason=f"this job has no parameter {param.name!r}")
        for param in given
        if param.name not in declared
    ]
    problems += [
        FieldError(field=f"jobParams.{name}", reason=f"the required parameter {name!r} is missing")
        for name, parameter in declared.items()
        if parameter.required and name not in given_names
    ]
    if problems:
        summary = "; ".join(problem.reason for problem in problems)
        raise Invalid(f"invalid jobParams: {summary}", error_code="INVALID_JOB_PARAMETERS", details=problems)
    defaults = [
        JobParam(name=name, value=parameter.default)
        for name, parameter in declared.items()
        if name not in given_names and parameter.default is not None
    ]
    return [*given, *defaults]
