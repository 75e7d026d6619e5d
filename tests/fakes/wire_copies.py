"""Near-duplicate copies of a seed article, as wire copy really arrives: each outlet with its
own headline, byline and copyright line, one paragraph trimmed, curly quotes in some."""

from __future__ import annotations

from pathlib import Path

CITIES = ["Springfield", "Riverton", "Lakeside", "Fairview", "Georgetown", "Madison", "Clinton",
          "Franklin", "Greenville", "Bristol", "Salem", "Oxford", "Ashland", "Dover", "Milton"]
PAPERS = ["Courier", "Herald", "Gazette", "Tribune", "Sentinel", "Ledger", "Observer", "Post",
          "Chronicle", "Examiner", "Dispatch", "Journal", "Register", "Bulletin"]
FIRST = ["Ann", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo"]
LAST = ["Moreau", "Okafor", "Lindqvist", "Tanaka", "Barros", "Novak", "Quinn", "Haddad"]
HEADLINES = ["NATO chief says Trump is the 'only one' who can end the war",
             "Rutte: Trump alone can secure a Russia-Ukraine ceasefire",
             "Trump doubts Ukraine will win, NATO's Rutte backs his push for peace",
             "NATO's Rutte meets senators, praises Trump's 'clear vision' on Ukraine"]


def outlet_name(i: int) -> str:
    return f"{CITIES[i % len(CITIES)]} {PAPERS[i // len(CITIES) % len(PAPERS)]}"


def curly(text: str) -> str:
    """Straight double quotes made typographic, opening and closing in turn."""
    out, opening = [], True
    for char in text:
        if char == '"':
            out.append("\u201c" if opening else "\u201d")
            opening = not opening
        else:
            out.append(char.replace("'", "\u2019"))
    return "".join(out)


def seed_paragraphs(seed: Path) -> list[str]:
    """The article paragraphs of a seed file, without its own byline and copyright lines."""
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    keep = []
    for line in lines:
        if line.startswith("©") or "contributed to this report" in line or len(line) < 60:
            continue
        if " is a writer and editor" in line:
            continue
        keep.append(line)
    return keep


def wire_copy(seed: Path, i: int) -> str:
    """Copy `i` of the seed, as outlet `outlet_name(i)` would run it."""
    paragraphs = seed_paragraphs(seed)
    # One paragraph trimmed from the end (wire copy is cut from the bottom), and in three copies
    # of four another from the middle.
    trimmed = paragraphs[:-1]
    if i % 4:
        del trimmed[2 + i % 4]
    # A dateline of its own, as outlets put on wire copy: no two copies are the same text.
    trimmed[0] = f"{CITIES[i % len(CITIES)].upper()} ({outlet_name(i)}) — {trimmed[0]}"
    body = "\n".join(trimmed)
    if i % 2:
        body = curly(body)
    name = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"
    return (f"{HEADLINES[i % len(HEADLINES)]}\nBy {name}\n{body}\n"
            f"© 2026 {outlet_name(i)}. All rights reserved.\n")


def write_wire_copies(seed: Path, folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"copy_{i:03d}.txt"
        path.write_text(wire_copy(seed, i), encoding="utf-8")
        paths.append(path)
    return paths
