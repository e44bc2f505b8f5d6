"""Powertools packages whose `__init__` imports everything they hold, made to import a name's
own module only when the name is first asked for.

`aws_lambda_powertools.event_handler/__init__` imports every resolver Powertools has (AppSync,
Bedrock, VPC Lattice, and asyncio with them) and `utilities/data_classes/__init__` every event
class, so importing any one of their modules pays for all of them: some 40 ms of each API
function's cold start, for code it never runs. Installed before either package is first
imported (functions/__init__.py), each is registered as a package whose names are looked up
from its own `__init__`'s imports (PEP 562), one module at a time. Its modules themselves are
Powertools' own, unchanged.
"""

import ast
import importlib
import importlib.util
import sys
import types
from typing import Any

EAGER_PACKAGES = ("aws_lambda_powertools.event_handler", "aws_lambda_powertools.utilities.data_classes")


def _origins(package: str, init_path: str) -> dict[str, str]:
    """Each name the package's `__init__` imports, and the module it comes from."""
    with open(init_path, encoding="utf-8") as source:
        tree = ast.parse(source.read(), init_path)
    origins = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            module = importlib.util.resolve_name("." * node.level + node.module, package) if node.level else node.module
            for alias in node.names:
                origins[alias.asname or alias.name] = module
    return origins


def _lazy(package: str) -> types.ModuleType | None:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None or spec.submodule_search_locations is None:
        return None
    origins = _origins(package, spec.origin)
    module = types.ModuleType(package)
    module.__spec__ = spec
    module.__file__ = spec.origin
    module.__path__ = list(spec.submodule_search_locations)
    module.__all__ = sorted(origins)  # type: ignore[attr-defined]

    def __getattr__(name: str) -> Any:
        origin = origins.get(name)
        if origin is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(origin), name)
        setattr(module, name, value)
        return value

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module


def install() -> None:
    """Register the lazy packages; one already imported is left as it is."""
    for package in EAGER_PACKAGES:
        if package not in sys.modules and (module := _lazy(package)) is not None:
            sys.modules[package] = module
