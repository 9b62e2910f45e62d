#!/usr/bin/env python3
"""Draws the labelled review sample of rbaclint's findings on the real corpus.

A finding is a claim about a cluster, so a person who knows Kubernetes judges
a sample of them: `true`, `false` (Kubernetes does not do what it says) or
`not-actionable` (true, but a reviewer would not change the manifest). This
script draws that sample, stratified by rule and seeded so that a redraw is
reproducible, and keeps the verdicts of rows that are drawn again.

    python3 tests/review/draw_sample.py [--binary target/release/rbaclint]

It runs `rbaclint check <corpus> --select all --format json --exit-zero`
from the crate root (leaving out notes, which claim nothing about grants), with the corpus at ../shared/corpus/real, and writes
tests/review/sample.tsv. `tests/it/review.rs` checks the file against the
current output and the targets (0 false; at most 10% not actionable among
findings of the default rule set).
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join("..", "shared", "corpus", "real")
SAMPLE = os.path.join(HERE, "sample.tsv")
COLUMNS = ["rule", "file", "line", "column", "element", "message", "verdict", "reason"]
SEED = 20261130
TARGET = 150
MIN_PER_RULE = 4


def findings(binary):
    out = subprocess.run(
        [binary, "check", CORPUS, "--select", "all", "--format", "json", "--exit-zero"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = []
    prefix = CORPUS + os.sep
    for f in json.loads(out)["findings"]:
        # Notes advise about the context a manifest is applied in; they
        # claim nothing about what it grants, so they are not sampled.
        if f["severity"] == "note":
            continue
        rows.append(
            {
                "rule": f["rule"],
                "file": f["file"][len(prefix):] if f["file"].startswith(prefix) else f["file"],
                "line": str(f["line"]),
                "column": str(f["column"]),
                "element": f["element"] or "",
                "message": f["message"],
            }
        )
    return rows


def key(row):
    return (row["rule"], row["file"], row["line"], row["column"], row["message"])


def stratified(rows, target, rng):
    by_rule = defaultdict(list)
    for row in rows:
        by_rule[row["rule"]].append(row)
    total = len(rows)
    drawn = []
    for rule in sorted(by_rule):
        group = sorted(by_rule[rule], key=key)
        share = max(MIN_PER_RULE, round(target * len(group) / total))
        drawn.extend(rng.sample(group, min(share, len(group))))
    return sorted(drawn, key=lambda r: (r["rule"], r["file"], int(r["line"]), int(r["column"])))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join("target", "release", "rbaclint"))
    parser.add_argument("--target", type=int, default=TARGET)
    args = parser.parse_args()
    previous = {}
    if os.path.exists(SAMPLE):
        with open(SAMPLE, newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                previous[key(row)] = row
    rows = stratified(findings(os.path.join(ROOT, args.binary)), args.target, random.Random(SEED))
    for row in rows:
        old = previous.get(key(row), {})
        row["verdict"] = old.get("verdict", "")
        row["reason"] = old.get("reason", "")
    with open(SAMPLE, "w", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    unjudged = sum(1 for r in rows if not r["verdict"])
    print(f"{len(rows)} findings drawn from {len(set(r['rule'] for r in rows))} rules; {unjudged} to judge", file=sys.stderr)


if __name__ == "__main__":
    main()
