"""Score the learned source/cue/content tagger alone and merged with the rule extractor.

usage: python benchmarks/learned_attribution.py FOLDER [--out-dir DIR] [--rules-jsonl FILE]

FOLDER holds text/*.txt and attributions/*.ann (PolNeAR layout). Each text is parsed once with
`load_nlp()` (nlp.pipe); the rule statements come from the Extractor on that Doc (unless
--rules-jsonl gives a file written by benchmarks/attribution.py --out on the same folder) and
the learned tagger reads the same Doc (its parse picks the cue's subject as source). Every
policy's statements are written as JSON Lines to DIR/<policy>.jsonl (file, content_start,
content_end, speaker_start, speaker_end and the other Statement fields) and scored with
../shared/acceptance/attribution_score.py.
Prints one JSON object: policy -> summary.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import glob
import json
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from benchmarks.scorers import load_scorer  # noqa: E402
from briefbot.extract.learned import (  # noqa: E402
    BEST_POLICY,
    DATA_DIR,
    LearnedAttributions,
    MergePolicy,
    merge,
    to_statement,
)
from briefbot.models import Statement  # noqa: E402

KEYS = ("content_f1", "content_f1_jaccard50", "content_precision", "content_recall",
        "who_said_what_f1", "who_said_what_precision", "who_said_what_recall",
        "speaker_accuracy_on_matched", "system_statements")

POLICIES = {
    # rules first; learned attributions whose content overlaps no rule statement are added
    "merge_best": BEST_POLICY,  # content conf >= 0.7, cue and source conf >= 0.5
    "merge_add_sourced": MergePolicy(add_min_confidence=0.0),
    "merge_add_sourced_conf50": MergePolicy(add_min_confidence=0.5),
    "merge_add_sourced_conf60": MergePolicy(add_min_confidence=0.6),
    "merge_add_sourced_conf70": MergePolicy(add_min_confidence=0.7),
    "merge_add_sourced_conf80_src70": MergePolicy(add_min_confidence=0.8,
                                                  add_min_source_confidence=0.7),
    "merge_add_all": MergePolicy(add_min_confidence=0.0, add_require_source=False),
    "merge_add_all_conf80": MergePolicy(add_min_confidence=0.8, add_require_source=False),
    "merge_add_half_overlap_conf60": MergePolicy(add_min_confidence=0.6, add_max_overlap=0.5),
}


def row(name: str, s: Statement) -> dict:
    return {"file": name + ".txt", **dataclasses.asdict(s)}


def read_rules(path: str) -> dict[str, list[Statement]]:
    fields = {f.name for f in dataclasses.fields(Statement)}
    out: dict[str, list[Statement]] = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            name = os.path.basename(d["file"]).removesuffix(".txt")
            out[name].append(Statement(**{k: d.get(k) for k in fields}))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--out-dir", help="keep each policy's statements here (JSON Lines)")
    ap.add_argument("--rules-jsonl",
                    help="reuse rule statements from benchmarks/attribution.py --out")
    ap.add_argument("--model", default=DATA_DIR, help="trained tagger folder")
    a = ap.parse_args()
    paths = sorted(glob.glob(os.path.join(a.folder, "text", "*.txt")))
    names = [os.path.basename(p)[:-4] for p in paths]
    texts = []
    for p in paths:
        with open(p, encoding="utf-8", newline="") as f:
            texts.append(f.read())
    timing: dict[str, float] = {}
    from briefbot.extract import Extractor, load_nlp
    nlp = load_nlp()
    extractor = Extractor(nlp, min_confidence=0.0, learned=False)  # the rules alone, broadly
    tagger = LearnedAttributions.load(a.model)
    rules: dict[str, list[Statement]] = read_rules(a.rules_jsonl) if a.rules_jsonl else {}
    learned = {}
    failed: list[str] = []
    t_rules = t_learned = 0.0
    t0 = time.perf_counter()
    # one parse per article, shared by the rules and the learned tagger, as in the Extractor
    for name, doc in zip(names, nlp.pipe(texts, batch_size=16), strict=True):
        if not a.rules_jsonl:
            t1 = time.perf_counter()
            try:
                rules[name] = extractor._from_doc(doc).statements
            except Exception as exc:  # a rule bug on one article must not hide the others
                failed.append(f"{name}: {type(exc).__name__}: {exc}")
                rules[name] = []
            t_rules += time.perf_counter() - t1
        t1 = time.perf_counter()
        learned[name] = tagger.predict(doc)
        t_learned += time.perf_counter() - t1
    timing = {"total_seconds": round(time.perf_counter() - t0, 1),
              "rules_seconds": round(t_rules, 1), "learned_seconds": round(t_learned, 1)}
    pairs = list(zip(names, texts, strict=True))
    systems: dict[str, dict[str, list[Statement]]] = {
        "rules": {n: list(rules.get(n, [])) for n in names},
        "learned": {n: [to_statement(t, x) for x in learned[n]] for n, t in pairs},
        "learned_sourced": {n: [to_statement(t, x) for x in learned[n]
                                if x.source_start is not None] for n, t in pairs},
    }
    for pname, policy in POLICIES.items():
        systems[pname] = {n: merge(t, rules.get(n, []), learned[n], policy) for n, t in pairs}

    scorer = load_scorer()
    gold = scorer.read_gold(a.folder)
    out_dir = a.out_dir or tempfile.mkdtemp()
    os.makedirs(out_dir, exist_ok=True)
    report = {}
    for pname, system in systems.items():
        path = os.path.join(out_dir, pname + ".jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for n in names:
                for s in system[n]:
                    f.write(json.dumps(row(n, s), ensure_ascii=False) + "\n")
        summary, _ = scorer.score(gold, scorer.read_system(path))
        report[pname] = {k: summary[k] for k in KEYS}
    report["timing"] = timing
    report["rule_failures"] = failed
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
