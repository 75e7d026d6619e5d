"""The five seed articles through the extractor and the shared acceptance scorer, as written
and in the shapes an inbox gets them (hard-wrapped, CRLF, a quoted e-mail reply)."""

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

ROOT = str(REPO)
ACCEPTANCE = os.path.join(ROOT, "..", "shared", "acceptance")
SCORER = os.path.join(ACCEPTANCE, "score_seeds.py")

pytestmark = pytest.mark.skipif(
    not os.path.exists(SCORER), reason=f"shared acceptance folder not found at {ACCEPTANCE}"
)


def _seed_rows(seed_dir: str = str(SEEDS), pattern: str = "*.txt"):
    spec = importlib.util.spec_from_file_location("seeds_driver",
                                                  os.path.join(ROOT, "benchmarks", "seeds.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.run(seed_dir, pattern)


def _score(rows, tmp_path) -> tuple[dict, int]:
    out = tmp_path / "statements.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    proc = subprocess.run([sys.executable, SCORER, str(out), "--verbose"],
                          capture_output=True, text=True, check=False)
    return json.loads(proc.stdout), proc.returncode


def test_seeds_get_full_marks(tmp_path):
    summary, returncode = _score(_seed_rows(), tmp_path)
    assert summary["required_found"] == summary["required"], summary["missing"]
    assert summary["precision"] >= 0.9, summary
    assert summary["boilerplate_leaks"] == 0, summary["leaks"]
    assert summary["actors_split_across_names"] == {}
    assert returncode == 0


# --- the seeds in inbox shapes -------------------------------------------------------------


def _paragraphs(seed: Path) -> list[str]:
    return [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]


def _wrapped(paragraphs: list[str], width: int, line_break: str, between: str) -> str:
    blocks = [line_break.join(textwrap.wrap(p, width)) for p in paragraphs]
    return between.join(blocks) + line_break


def _quoted_reply(paragraphs: list[str]) -> bytes:
    """A reply whose client quoted the article under 'On ... wrote:', '> ' on every line."""
    quoted = "\n>\n".join("\n".join("> " + line for line in textwrap.wrap(p, 70))
                          for p in paragraphs)
    message = EmailMessage()
    message["From"] = "Dana Whitfield <dana@example.com>"
    message["To"] = "desk@example.com"
    message["Subject"] = "Re: worth a line?"
    message["Date"] = "Tue, 19 Nov 2019 10:00:00 +0000"
    message.set_content("Yes, this one is worth a line in the brief.\n\n"
                        "On Mon, 18 Nov 2019 at 09:12, Sam Ortiz <sam@example.com> wrote:\n"
                        f"{quoted}\n")
    return bytes(message)


SHAPES = {
    "wrapped-72": lambda ps: ("txt", _wrapped(ps, 72, "\n", "\n\n").encode()),
    "wrapped-64-crlf": lambda ps: ("txt", _wrapped(ps, 64, "\r\n", "\r\n\r\n").encode()),
    "wrapped-64-crlf-no-blank-lines": lambda ps: ("txt", _wrapped(ps, 64, "\r\n", "\r\n").encode()),
    "quoted-reply": lambda ps: ("eml", _quoted_reply(ps)),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_seeds_in_inbox_shapes_score_as_the_clean_seeds(shape, tmp_path):
    folder = tmp_path / shape
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        suffix, data = SHAPES[shape](_paragraphs(seed))
        (folder / f"{seed.stem}.{suffix}").write_bytes(data)
    rows = _seed_rows(str(folder), "*.*")
    assert {Path(r["file"]).suffix for r in rows} == {"." + suffix}
    for row in rows:  # the gold names the seeds' .txt files
        row["file"] = Path(row["file"]).with_suffix(".txt").name
    summary, _ = _score(rows, tmp_path)
    assert summary["required_found"] == summary["required"], summary["missing"]
    assert summary["precision"] >= 0.95, summary
    assert summary["boilerplate_leaks"] == 0, summary["leaks"]
    assert all("\n" not in r["quote"] and ">" not in r["quote"] for r in rows)
