"""briefbot as a user installs it: the wheel, in a fresh virtual environment, run from a folder
that is not the repository. `make install`'s editable install hides missing package data
(templates, the tagger's weights) and undeclared dependencies (`lxml_html_clean`); this does not.

Slow (a minute on a busy machine: pip unpacks spaCy, numpy and the model from its local wheel
cache), so it is marked `slow`; the default `pytest` run (`make test`, `.ci/run`) runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(args: list, cwd: Path, env: dict | None = None, timeout: float = 600) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n" \
                                   f"{result.stderr[-3000:]}"
    return result.stdout


@pytest.mark.slow
def test_the_wheel_in_a_fresh_venv_ingests_and_answers(tmp_path):
    dist, venv, home = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    home.mkdir()
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, REPO],
        cwd=tmp_path)
    [wheel] = dist.glob("briefbot-*.whl")
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    python = venv / "bin" / "python"
    # pip of the test's environment installs into the new one; no .pyc compiling (it is thrown
    # away), every dependency resolved from what pyproject.toml declares and nothing else.
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile",
         wheel], cwd=tmp_path)

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BRIEFBOT_", "SLACK_", "PYTHON", "VIRTUAL_ENV"))}
    env.update({"BRIEFBOT_DB": str(home / "briefbot.db"), "BRIEFBOT_INBOX": str(home / "in")})
    located = run([python, "-c", "import briefbot; print(briefbot.__file__)"], home, env)
    assert str(venv) in located and str(REPO) not in located

    seeds = shutil.copytree(REPO / "seeds", home / "seeds")
    html = home / "html"
    html.mkdir()
    (html / "page.html").write_text(
        "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
        + "<p>NATO Secretary General Mark Rutte said on Monday that the alliance would keep "
          "supporting Ukraine for as long as it takes, and that a ceasefire must be just.</p>"
        * 4 + "</article></body></html>", encoding="utf-8")
    briefbot = venv / "bin" / "briefbot"
    ingested = run([briefbot, "ingest", seeds, html], home, env)
    assert ingested.startswith("6 added"), ingested
    answer = run([briefbot, "whosaid", "Rutte"], home, env)
    assert "Mark Rutte" in answer and "showing 1–5 of" in answer
    digest = run([briefbot, "digest", "--topic", "ceasefire"], home, env)
    assert digest.startswith("ceasefire · ") and "Mark Rutte" in digest
