#!/usr/bin/env python3
"""Write a synthetic but valid csto-tui dataset of N events, for benchmarks and tests.

    python scripts/generate.py N OUT [--seed S] [--files K]

OUT is one YAML file, or with --files K a directory of K files (the body registry goes in
the first one; related links cross files). The same N, seed and K give byte-identical
output: one seeded `random.Random`, no set iteration, no clock, no network.

Everything is invented and says so: titles read "Synthetic event 00042: ...", summaries are
20-80 words drawn from a fixed word list, names and places are made of nonsense syllables,
urls point at example.org. Only the body registry is real: it is the bundled one (from
data/events.yaml), with a few synthetic bodies hung under it.

The variety is what a browser and a query engine meet in real data: every kind, every date
precision (days, months, seasons, years, decades), intervals with open ('..') and unknown
('') ends, qualifiers (? ~ %), countries of the CSTO region and far beyond, people, figures,
tags, several sources, and related links, including part-of chains (always pointing at an
earlier event, so they never form a cycle). The output passes `csto-tui check` with no
errors and no warnings.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from csto_tui.loader.bundled import bundled_data_path
from csto_tui.model.records import KINDS, QUALIFIERS, RELATION_TYPES, ROLES, UNITS
from csto_tui.model.text import plural

# --- fixed vocabularies (changing any of them changes every generated file) ----------------

WORDS = (
    "agenda", "annual", "approach", "arrangement", "assessment", "assistance", "autumn",
    "border", "briefing", "budget", "capacity", "channel", "chair", "coordination",
    "committee", "communiqué", "consultation", "contingent", "control", "cooperation",
    "council", "crisis", "cyber", "data", "decision", "declaration", "defence", "delegation",
    "deployment", "deputy", "detection", "dialogue", "draft", "drill", "emergency",
    "exchange", "exercise", "expert", "field", "final", "forum", "framework", "group",
    "guidance", "headquarters", "incident", "information", "initiative", "inspection",
    "joint", "liaison", "logistics", "mandate", "measure", "mechanism", "meeting",
    "migration", "mission", "monitoring", "network", "observer", "operation", "outcome",
    "panel", "partner", "peacekeeping", "phase", "plan", "plenary", "precursor",
    "preparedness", "procedure", "programme", "protocol", "readiness", "regional",
    "report", "response", "review", "résumé", "round", "schedule", "secretariat",
    "security", "session", "signal", "staff", "stage", "standard", "statement", "strategy",
    "summit", "support", "task", "team", "threat", "training", "transit", "treaty",
    "unit", "update", "visit", "working", "workshop", "zone", "naïve", "façade",
    "rapid", "reserve", "rotation", "sector", "simulation", "synthetic", "trafficking",
    "analysis", "archive", "bulletin", "command", "convoy", "corridor", "depot",
)  # fmt: skip
ID_WORDS = tuple(w for w in WORDS if w.isascii())  # ids are ASCII slugs
SYLLABLES = (
    "ar", "bel", "cor", "dan", "el", "fen", "gar", "hol", "ir", "jos", "kel", "lom", "mar",
    "nev", "or", "pel", "quin", "ros", "sal", "tor", "ul", "var", "wen", "zar", "ösk", "ély",
)  # fmt: skip
TAGS = (
    "border-security", "capacity-building", "civil-protection", "collective-forces",
    "computer-incident-response", "counter-extremism", "counter-narcotics",
    "counter-terrorism", "crisis-response", "cybersecurity", "defence-industry",
    "disaster-relief", "foreign-ministers", "humanitarian", "illegal-migration",
    "information-security", "intelligence-sharing", "joint-staff", "legal-framework",
    "logistics", "media", "military-cooperation", "parliamentary", "peacekeeping",
    "precursors", "reception", "rapid-reaction", "secretary-general", "summit",
    "synthetic-drugs", "training", "youth", "operation-amber", "operation-basalt",
    "operation-cobalt", "operation-delta-channel", "series-a", "series-b", "series-c",
)  # fmt: skip
# Heavily weighted: the CSTO members; then neighbours and partners; then the wider world.
CSTO = ("AM", "BY", "KZ", "KG", "RU", "TJ")
NEAR = ("UZ", "AZ", "AF", "IR", "PK", "CN", "TM", "MN", "GE", "UA", "MD", "RS")
FAR = ("IN", "TR", "DE", "FR", "US", "GB", "AE", "VN", "SY", "IQ", "FI", "NO", "JP", "KR")
PUBLISHERS = (
    "Synthetic Wire", "Example Press Office", "Placeholder Gazette", "Sample Daily",
    "Test Bulletin Service",
)  # fmt: skip
METRICS = ("seized", "detained", "participants", "trained", "inspected", "destroyed")
ITEMS = ("synthetic goods", "sample items", "test substances", "placeholder cargo", None)
SEASONS = (21, 22, 23, 24)

# A few synthetic bodies under the bundled registry (one chain three deep, one new root).
SYNTHETIC_BODIES: tuple[dict[str, Any], ...] = (
    {"id": "synthetic-working-group-alpha", "name": "Synthetic Working Group Alpha",
     "abbr": "SWG-A", "parent": "csto"},
    {"id": "synthetic-working-group-beta", "name": "Synthetic Working Group Beta",
     "abbr": "SWG-B", "aliases": ["Beta Group (synthetic)"], "parent": "csto"},
    {"id": "synthetic-secretariat-unit", "name": "Synthetic Unit of the Secretariat",
     "parent": "csto-secretariat"},
    {"id": "synthetic-secretariat-unit-desk", "name": "Desk of the Synthetic Unit",
     "parent": "synthetic-secretariat-unit"},
    {"id": "synthetic-field-office", "name": "Synthetic Field Office of UNODC",
     "abbr": "SFO", "parent": "unodc"},
    {"id": "synthetic-training-centre", "name": "Synthetic Training Centre",
     "parent": "csto-ccc"},
    {"id": "synthetic-observer-network", "name": "Synthetic Observer Network",
     "abbr": "SON", "aliases": ["Observer Network (synthetic)"]},
    {"id": "synthetic-observer-network-panel", "name": "Panel of the Synthetic Observer Network",
     "parent": "synthetic-observer-network"},
)  # fmt: skip

WRAP = 76  # summary lines, like the hand-written file


# --- YAML text ----------------------------------------------------------------------------


def q(text: str) -> str:
    """A double-quoted YAML scalar (JSON's quoting is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def flow(mapping: dict[str, Any]) -> str:
    """{a: b, c: "d"}: slugs and codes plain, free text quoted, None left out."""
    parts = []
    for key, value in mapping.items():
        if value is None:
            continue
        if isinstance(value, str) and key not in ("id", "type", "role", "unit", "qualifier"):
            value = q(value) if key != "country" else value
        parts.append(f"{key}: {value}")
    return "{" + ", ".join(parts) + "}"


def folded(text: str, indent: int) -> list[str]:
    """A `>-` block scalar's lines, wrapped at WRAP columns."""
    pad = " " * indent
    lines, line = [], ""
    for word in text.split():
        if line and len(pad) + len(line) + 1 + len(word) > WRAP:
            lines.append(pad + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(pad + line)
    return lines


def body_lines(body: dict[str, Any]) -> list[str]:
    out = [f"  - id: {body['id']}", f"    name: {q(body['name'])}"]
    if body.get("abbr"):
        out.append(f"    abbr: {q(body['abbr'])}")
    if body.get("aliases"):
        out.append(f"    aliases: [{', '.join(q(a) for a in body['aliases'])}]")
    if body.get("parent"):
        out.append(f"    parent: {body['parent']}")
    if body.get("names"):  # other languages, as the bundled registry gives them
        out.append("    names:")
        for lang, other in body["names"].items():
            other = {"name": other} if isinstance(other, str) else other
            fields = ", ".join(f"{k}: {q(v)}" for k, v in other.items() if v)
            out.append(f"      {lang}: {{{fields}}}")
    return out


def event_lines(ev: dict[str, Any]) -> list[str]:
    out = [
        f"  - id: {ev['id']}",
        f"    date: {q(ev['date'])}",
        f"    title: {q(ev['title'])}",
        "    summary: >-",
        *folded(ev["summary"], 6),
        f"    kind: {ev['kind']}",
    ]
    if ev.get("location"):
        out.append(f"    location: {flow(ev['location'])}")
    if ev.get("countries"):
        out.append(f"    countries: [{', '.join(ev['countries'])}]")
    if ev.get("bodies"):
        out.append("    bodies:")
        for ref in ev["bodies"]:  # a bare id is the shorthand for a participant
            out.append(f"      - {ref}" if isinstance(ref, str) else f"      - {flow(ref)}")
    if ev.get("people"):
        out.append("    people:")
        for person in ev["people"]:
            out.append(f"      - name: {q(person['name'])}")
            if person.get("role"):
                out.append(f"        role: {q(person['role'])}")
            if person.get("body"):
                out.append(f"        body: {person['body']}")
            if person.get("country"):
                out.append(f"        country: {person['country']}")
    if ev.get("figures"):
        out.append("    figures:")
        out.extend(f"      - {flow(f)}" for f in ev["figures"])
    out.append("    sources:")
    for src in ev["sources"]:
        first = True
        for key in ("publisher", "title", "url", "published"):
            if src.get(key):
                out.append(f"      {'- ' if first else '  '}{key}: {q(src[key])}")
                first = False
    if ev.get("tags"):
        out.append(f"    tags: [{', '.join(ev['tags'])}]")
    if ev.get("related"):
        out.append("    related:")
        out.extend(f"      - {flow(r)}" for r in ev["related"])
    return out


# --- synthetic content --------------------------------------------------------------------


class Synth:
    """All choices come from one seeded Random, in a fixed order."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.r = random.Random(seed)
        self.width = max(5, len(str(max(n - 1, 0))))
        bundled = yaml.safe_load(bundled_data_path().read_text(encoding="utf-8"))
        self.bodies: list[dict[str, Any]] = [*(bundled.get("bodies") or []), *SYNTHETIC_BODIES]
        self.body_ids = [b["id"] for b in self.bodies]
        # The CSTO tree is what most events involve.
        weights = [
            6 if b.startswith(("csto", "synthetic-working", "synthetic-secretariat")) else 2
            for b in self.body_ids
        ]
        self.body_cum = list(itertools.accumulate(weights))
        self.ids = [self._event_id(i) for i in range(n)]

    # small helpers
    def word(self) -> str:
        return self.r.choice(WORDS)

    def name(self, syllables: int) -> str:
        return "".join(self.r.choice(SYLLABLES) for _ in range(syllables)).capitalize()

    def person_name(self) -> str:
        return f"{self.name(2)} {self.name(self.r.randint(2, 3))}"

    def qualifier(self, p: float = 0.08) -> str:
        return self.r.choice("?~%") if self.r.random() < p else ""

    def _event_id(self, i: int) -> str:
        words = self.r.sample(ID_WORDS, 2)
        return f"synthetic-{i:0{self.width}d}-{words[0]}-{words[1]}"

    # dates
    def day(self) -> date:
        return date(1992, 1, 1) + timedelta(days=self.r.randrange(34 * 365))

    def date(self) -> tuple[str, date | None]:
        """An EDTF text and its first day (None for an open or unknown start)."""
        r = self.r
        d = self.day()
        y, m = d.year, d.month
        form = r.choices(
            ("day", "month", "season", "year", "decade", "days", "months", "years",
             "seasons", "mixed", "open-start", "open-end", "unknown-start", "unknown-end",
             "qualified-span"),
            weights=(40, 10, 4, 9, 2, 14, 4, 2, 1, 2, 3, 3, 1, 1, 4),
        )[0]  # fmt: skip
        if form == "day":
            return d.isoformat() + self.qualifier(), d
        if form == "month":
            return f"{y}-{m:02d}" + self.qualifier(), d.replace(day=1)
        if form == "season":
            s = r.choice(SEASONS)
            start = date(y, 12, 1) if s == 24 else date(y, (s - 21) * 3 + 3, 1)
            return f"{y}-{s}" + self.qualifier(), start
        if form == "year":
            return f"{y}" + self.qualifier(0.25), date(y, 1, 1)
        if form == "decade":
            return f"{str(y)[:3]}X" + self.qualifier(0.2), date(y - y % 10, 1, 1)
        if form == "days":
            end = d + timedelta(days=r.randint(1, 14))
            return f"{d.isoformat()}/{end.isoformat()}", d
        if form == "months":
            m2 = r.randint(m, 12)
            return f"{y}-{m:02d}/{y}-{m2:02d}", d.replace(day=1)
        if form == "years":
            return f"{y}/{y + r.randint(1, 4)}", date(y, 1, 1)
        if form == "seasons":
            return f"{y}-21/{y}-{r.choice((22, 23, 24))}", date(y, 3, 1)
        if form == "mixed":
            return f"{d.isoformat()}/{y + 1}-{m:02d}", d
        if form == "open-start":
            return f"../{d.isoformat()}", None
        if form == "open-end":
            if r.random() < 0.5:
                return f"{d.isoformat()}/..", d
            return f"{y}/..", date(y, 1, 1)
        if form == "unknown-start":
            return f"/{d.isoformat()}", None
        if form == "unknown-end":
            return f"{d.isoformat()}/", d
        end = d + timedelta(days=r.randint(0, 40))
        return f"{d.isoformat()}{r.choice('?~%')}/{end.isoformat()}{self.qualifier(0.5)}", d

    # parts of an event
    def summary(self) -> str:
        r = self.r
        words = r.choices(WORDS, k=r.randint(20, 80))
        sentences, at = [], 0
        while at < len(words):
            k = r.randint(6, 16)
            if len(words) - at - k < 3:  # no two-word tail sentence
                k = len(words) - at
            part = words[at : at + k]
            if k > 8 and r.random() < 0.4:
                part[k // 2] += ","
            sentences.append(" ".join(part).capitalize() + ".")
            at += k
        return " ".join(sentences)

    def title(self, i: int, kind: str) -> str:
        r = self.r
        codename = f'"{self.name(2)} {self.word().capitalize()}"'
        topic = " ".join(r.sample(WORDS, 2))
        body = r.choices(self.bodies, cum_weights=self.body_cum)[0]
        label = body.get("abbr") or body["name"]
        what = {
            "meeting": f"meeting of the {label} on {topic}",
            "reception": f"reception of a {self.word()} delegation by the {label}",
            "visit": f"{label} visit to {self.name(3)}",
            "conference": f"conference on {topic}",
            "operation": f"operation {codename}, stage {r.randint(1, 5)}",
            "exercise": f"exercise {codename}",
            "agreement": f"agreement on {topic} signed",
            "statement": f"statement of the {label} on {topic}",
            "institutional": f"{label} {self.word()} {self.word()} decision",
        }[kind]
        return f"Synthetic event {i:0{self.width}d}: {what}"[:120]

    def countries(self) -> list[str]:
        r = self.r
        out: list[str] = []
        for _ in range(r.choices((0, 1, 2, 3, 4, 6), (25, 25, 20, 15, 10, 5))[0]):
            pool = r.choices((CSTO, NEAR, FAR), (70, 20, 10))[0]
            code = r.choice(pool)
            if code not in out:
                out.append(code)
        return out

    def country(self) -> str:
        return self.r.choice(self.r.choices((CSTO, NEAR, FAR), (70, 20, 10))[0])

    def location(self) -> dict[str, Any] | None:
        r = self.r
        if r.random() < 0.35:
            return None
        loc = {
            "place": self.name(3) if r.random() < 0.8 else None,
            "region": f"{self.name(2)} Region" if r.random() < 0.4 else None,
            "country": self.country() if r.random() < 0.9 else None,
        }
        return loc if any(loc.values()) else {"place": self.name(3)}

    def bodies_refs(self) -> list[Any]:
        r = self.r
        chosen: list[str] = []
        for _ in range(r.choices((0, 1, 2, 3, 4), (15, 35, 30, 15, 5))[0]):
            bid = r.choices(self.body_ids, cum_weights=self.body_cum)[0]
            if bid not in chosen:
                chosen.append(bid)
        refs: list[Any] = []
        for bid in chosen:
            if r.random() < 0.2:
                refs.append(bid)  # shorthand: a participant
            else:
                refs.append({"id": bid, "role": r.choice(ROLES)})
        return refs

    def people(self) -> list[dict[str, Any]]:
        r = self.r
        out = []
        for _ in range(r.choices((0, 1, 2, 3), (55, 25, 15, 5))[0]):
            out.append(
                {
                    "name": self.person_name(),
                    "role": (f"{r.choice(('Head', 'Deputy head', 'Member', 'Chair'))} of the "
                             f"{self.word()} {r.choice(('department', 'unit', 'delegation'))}")
                    if r.random() < 0.8 else None,
                    "body": r.choice(self.body_ids) if r.random() < 0.4 else None,
                    "country": self.country() if r.random() < 0.5 else None,
                }
            )  # fmt: skip
        return out

    def figures(self) -> list[dict[str, Any]]:
        r = self.r
        out = []
        for _ in range(r.choices((0, 1, 2, 3), (70, 18, 8, 4))[0]):
            value = r.randint(1, 20000) if r.random() < 0.8 else round(r.uniform(0.1, 99.9), 1)
            out.append(
                {
                    "metric": r.choice(METRICS),
                    "item": r.choice(ITEMS),
                    "value": value,
                    "unit": r.choice(UNITS),
                    "qualifier": r.choice(QUALIFIERS),
                }
            )
        return out

    def sources(self, i: int, start: date | None) -> list[dict[str, Any]]:
        r = self.r
        out = []
        for k in range(r.choices((1, 2, 3), (75, 20, 5))[0]):
            published = None
            if r.random() < 0.7:  # never before the event starts: that would be a warning
                base = start or self.day()
                published = (base + timedelta(days=r.randint(0, 30))).isoformat()
            has_title = r.random() < 0.8
            out.append(
                {
                    "publisher": r.choice(PUBLISHERS) if not has_title or r.random() < 0.6
                    else None,
                    "title": f"Synthetic report {i:0{self.width}d}-{k + 1} on {self.word()}"
                    if has_title else None,
                    "url": f"https://example.org/synthetic/{i:0{self.width}d}/{k + 1}"
                    if r.random() < 0.5 else None,
                    "published": published,
                }
            )  # fmt: skip
        return out

    def tags(self) -> list[str]:
        k = self.r.choices((0, 1, 2, 3, 5), (10, 30, 30, 20, 10))[0]
        return self.r.sample(TAGS, k)

    def related(self, i: int) -> list[dict[str, str]]:
        """part-of only to an earlier, nearby event (chains, never cycles); others anywhere."""
        r = self.r
        out: list[dict[str, str]] = []
        if i > 0 and r.random() < 0.2:
            out.append({"id": self.ids[r.randint(max(0, i - 30), i - 1)], "type": "part-of"})
        for _ in range(r.choices((0, 1, 2), (70, 22, 8))[0]):
            j = r.randrange(self.n)
            if j != i and all(x["id"] != self.ids[j] for x in out):
                kind = r.choice([t for t in RELATION_TYPES if t != "part-of"])
                out.append({"id": self.ids[j], "type": kind})
        return out

    def event(self, i: int) -> dict[str, Any]:
        r = self.r
        kind = r.choice(KINDS)
        text, start = self.date()
        return {
            "id": self.ids[i],
            "date": text,
            "title": self.title(i, kind),
            "summary": self.summary(),
            "kind": kind,
            "location": self.location(),
            "countries": self.countries(),
            "bodies": self.bodies_refs(),
            "people": self.people(),
            "figures": self.figures(),
            "sources": self.sources(i, start),
            "tags": self.tags(),
            "related": self.related(i),
        }


def header(n: int, seed: int, part: str = "") -> list[str]:
    return [
        f"# Synthetic csto-tui dataset{part}: {plural(n, 'event', grouped=True)}, seed {seed}, "
        "made by "
        "scripts/generate.py.",
        "# Invented for benchmarks and tests: no event, name, place or figure here is real.",
        "",
    ]


def generate_files(n: int, *, seed: int = 0, files: int | None = None) -> dict[str, str]:
    """File name → YAML text. One file ('events.yaml') unless `files` is given."""
    if n < 0:
        raise ValueError("N must be at least 0")
    synth = Synth(n, seed)
    events = [synth.event(i) for i in range(n)]
    count = files or 1
    names = ["events.yaml"] if files is None else [f"events-{k + 1:04d}.yaml" for k in range(count)]
    out: dict[str, str] = {}
    for k, name in enumerate(names):
        chunk = events[k * n // count : (k + 1) * n // count]
        part = "" if files is None else f" (file {k + 1} of {count})"
        lines = header(n, seed, part)
        if k == 0:
            lines.append("bodies:")
            for body in synth.bodies:
                lines.extend(body_lines(body))
            lines.append("")
        lines.append("events:" if chunk else "events: []")
        for ev in chunk:
            lines.extend(event_lines(ev))
            lines.append("")
        out[name] = "\n".join(lines).rstrip("\n") + "\n"
    return out


def generate(n: int, *, seed: int = 0) -> str:
    """The single-file dataset as text."""
    return generate_files(n, seed=seed)["events.yaml"]


def _write(path: Path, text: str) -> None:
    """Atomically, so a reader (the benchmark's cache) never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_dataset(n: int, out: str | os.PathLike[str], *, seed: int = 0,
                  files: int | None = None) -> list[Path]:  # fmt: skip
    """Write the dataset to `out` (a file, or a directory with `files`); the paths written."""
    texts = generate_files(n, seed=seed, files=files)
    target = Path(out)
    if files is None:
        if target.is_dir():
            raise ValueError(f"{target} is a directory; use --files K to write several files")
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, texts["events.yaml"])
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    strangers = sorted(
        p.name for p in target.rglob("*") if p.suffix in (".yaml", ".yml") and p.name not in texts
    )
    if strangers:  # they would be read as part of the dataset
        raise ValueError(f"{target} already holds other YAML files: {', '.join(strangers[:5])}")
    written = []
    for name, text in texts.items():
        _write(target / name, text)
        written.append(target / name)
    return written


def _count(text: str) -> int:
    value = int(text.replace(",", "").replace("_", ""))
    if value < 0:
        raise argparse.ArgumentTypeError("must be at least 0")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=_count, metavar="N", help="number of events (e.g. 10000)")
    parser.add_argument("out", metavar="OUT", help="the YAML file (or directory, with --files)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--files", type=_count, metavar="K", help="write a directory of K files")
    args = parser.parse_args(argv)
    if args.files is not None and args.files < 1:
        parser.error("--files must be at least 1")
    try:
        written = write_dataset(args.n, args.out, seed=args.seed, files=args.files)
    except (ValueError, OSError) as exc:
        print(f"generate.py: error: {exc}", file=sys.stderr)
        return 2
    size = sum(p.stat().st_size for p in written)
    where = args.out if len(written) == 1 else f"{args.out}/ ({plural(len(written), 'file')})"
    events = plural(args.n, "event", grouped=True)
    print(f"wrote {events} to {where}, {size / 2**20:.1f} MiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
