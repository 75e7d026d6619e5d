"""The five seed articles through the extractor and the shared acceptance scorer."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

ROOT = str(REPO)
ACCEPTANCE = os.path.join(ROOT, "..", "shared", "acceptance")
SCORER = os.path.join(ACCEPTANCE, "score_seeds.py")

pytestmark = pytest.mark.skipif(
    not os.path.exists(SCORER), reason=f"shared acceptance folder not found at {ACCEPTANCE}"
)


def _seed_rows():
    spec = importlib.util.spec_from_file_location("seeds_driver",
                                                  os.path.join(ROOT, "benchmarks", "seeds.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.run(os.path.join(ROOT, "seeds"))


def test_seeds_get_full_marks(tmp_path):
    out = tmp_path / "statements.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in _seed_rows()), encoding="utf-8")
    proc = subprocess.run([sys.executable, SCORER, str(out), "--verbose"],
                          capture_output=True, text=True, check=False)
    summary = json.loads(proc.stdout)
    assert summary["required_found"] == summary["required"], summary["missing"]
    assert summary["precision"] >= 0.9, summary
    assert summary["boilerplate_leaks"] == 0, summary["leaks"]
    assert summary["actors_split_across_names"] == {}
    assert proc.returncode == 0
