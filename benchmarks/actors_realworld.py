"""Actor identity on the realworld set: junk actors and names that do not find their actor.

Ingests `ARTICLES` into a fresh database (as `briefbot ingest` does), then checks what
`briefbot actors --all --json` and `briefbot whosaid ALIAS` would show against the gold:

- every `not_actors` entry of gold.json must be no actor's name or alias;
- no actor is junk (a name with a newline or markup, a list of names, a bracketed insertion);
- every canonical name and alias under `actors` must resolve to an actor whose name or alias is
  the canonical name.

usage: python benchmarks/actors_realworld.py [REALWORLD_DIR] [--verbose]
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from briefbot.actors import junk_reason, name_key, same_person  # noqa: E402
from briefbot.ingest import ingest_paths  # noqa: E402
from briefbot.models import ActorRow  # noqa: E402
from briefbot.store import Store  # noqa: E402
from briefbot.whosaid import resolve_actor  # noqa: E402

DEFAULT_DIR = HERE.parent.parent / "shared" / "realworld"


@dataclass
class ActorScore:
    aliases: int = 0
    found: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (alias, canonical, got)
    not_actors_stored: list[str] = field(default_factory=list)
    junk: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    actors: list[ActorRow] = field(default_factory=list)

    def summary(self) -> str:
        return (f"aliases found {self.found}/{self.aliases}; not_actors stored "
                f"{len(self.not_actors_stored)}; junk actors {len(self.junk)}")


def _finds(actor: ActorRow | None, canonical: str) -> bool:
    """The actor found is the gold's: it carries the canonical name, or (a person) a fuller
    form of it ("Te Kaurinui Robert Parata" for "Te Kaurinui Parata")."""
    if actor is None:
        return False
    names = (actor.name, *actor.aliases)
    return name_key(canonical) in {name_key(n) for n in names} or (
        actor.kind == "person" and any(same_person(canonical, n) for n in names))


def score(store: Store, gold: dict) -> ActorScore:
    result = ActorScore(actors=store.actors())
    names = {}
    for a in result.actors:
        for n in (a.name, *a.aliases):
            names.setdefault(name_key(n), n)
        why = junk_reason(a.name, a.kind)
        if why:
            result.junk.append((a.name, why))
    for bad in gold.get("not_actors", []):
        if name_key(bad) in names:
            result.not_actors_stored.append(bad)
    for canonical, aliases in gold.get("actors", {}).items():
        for alias in dict.fromkeys([canonical, *aliases]):
            result.aliases += 1
            actor, suggestions, _ = resolve_actor(store, alias)
            if _finds(actor, canonical):
                result.found += 1
            else:
                got = actor.name if actor else "suggests " + ", ".join(s.name for s in suggestions)
                result.missed.append((alias, canonical, got))
    return result


def run(folder: Path, extractor=None) -> ActorScore:
    from briefbot.extract import Extractor, load_nlp

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "actors.db")
        ingest_paths(store, extractor or Extractor(load_nlp()), [folder / "articles"])
        try:
            return score(store, gold)
        finally:
            store.close()


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else DEFAULT_DIR
    result = run(folder)
    if verbose:
        for alias, canonical, got in result.missed:
            print(f"missed  {alias!r} -> {canonical!r}: {got}")
        for bad in result.not_actors_stored:
            print(f"not_actor stored  {bad!r}")
        for name, why in result.junk:
            print(f"junk  {name!r}: {why}")
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
