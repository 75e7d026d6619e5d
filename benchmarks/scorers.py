"""The shared acceptance scorers (../shared/acceptance/), loaded by path: they are scripts beside
the repository, not part of it, and every benchmark and training script reads them the same way."""

from __future__ import annotations

import importlib.util
import os
from types import ModuleType

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCEPTANCE = os.path.join(ROOT, "..", "shared", "acceptance")
ATTRIBUTION_SCORER = os.path.join(ACCEPTANCE, "attribution_score.py")


def load_scorer(path: str = ATTRIBUTION_SCORER) -> ModuleType:
    """The scorer module at `path` (PolNeAR's attribution_score.py by default)."""
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
