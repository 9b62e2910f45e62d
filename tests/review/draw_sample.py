#!/usr/bin/env python3
"""Draws the labelled review sample of rbaclint's findings on the real corpus.

A finding is a claim about a cluster, so a person who knows Kubernetes judges
a sample of them: `true`, `false` (Kubernetes does not do what it says) or
`not-actionable` (true, but a reviewer would not change the manifest). This
script draws that sample, stratified by rule and seeded so that a redraw is
reproducible, and keeps the verdicts of rows that are drawn again.

    python3 tests/review/draw_sample.py [--binary target/release/rbaclint]

The corpus at ../shared/corpus/real stores each file flat, as
`<owner>__<repo>/<path with / replaced by __>`; the script rebuilds the
repositories' trees in a temporary directory (so rbaclint sees each file at
its original path, as in the repository, test directories included), runs
`rbaclint check <tree> --select all --format json --exit-zero` there
(leaving out notes, which claim nothing about grants), names each finding
by its corpus file again, and writes
tests/review/sample.tsv. `tests/it/review.rs` checks the file against the
current output and the targets (0 false; at most 10% not actionable among
findings of the default rule set).
"""

import argparse
import csv
import json
import os
import hashlib
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join("..", "shared", "corpus", "real")
SAMPLE = os.path.join(HERE, "sample.tsv")
COLUMNS = ["rule", "file", "line", "column", "element", "message", "verdict", "reason"]
SEED = 20261130
TARGET = 150
MIN_PER_RULE = 4


def rebuild_tree(corpus, tree):
    """Copies every corpus file to its path in its repository's tree, and
    marks each repository's root with a `.git` directory as in a checkout
    (rbaclint keeps the projects of one run apart by their checkouts)."""
    for repo in sorted(os.listdir(corpus)):
        flat = os.path.join(corpus, repo)
        if not os.path.isdir(flat):
            continue
        os.makedirs(os.path.join(tree, repo, ".git"), exist_ok=True)
        for name in os.listdir(flat):
            target = os.path.join(tree, repo, *name.split("__"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(flat, name), target)


def corpus_name(tree, reported):
    """The corpus file name of a file reported under the rebuilt tree."""
    repo, *parts = os.path.relpath(reported, tree).split(os.sep)
    return repo + "/" + "__".join(parts)


def findings(binary):
    with tempfile.TemporaryDirectory() as tree:
        rebuild_tree(os.path.join(ROOT, CORPUS), tree)
        out = subprocess.run(
            [binary, "check", tree, "--select", "all", "--format", "json", "--exit-zero"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    rows = []
    for f in json.loads(out)["findings"]:
        # Notes advise about the context a manifest is applied in; they
        # claim nothing about what it grants, so they are not sampled.
        if f["severity"] == "note":
            continue
        rows.append(
            {
                "rule": f["rule"],
                "file": corpus_name(tree, f["file"]),
                "line": str(f["line"]),
                "column": str(f["column"]),
                "element": f["element"] or "",
                "message": f["message"],
            }
        )
    return rows


def key(row):
    """A finding as judged: its message included, so a reworded finding is
    judged again."""
    return identity(row) + (row["message"],)


def identity(row):
    """A finding as drawn: rule and element, so rewording a message keeps
    the finding in the sample (to be judged again) instead of drawing
    another in its place."""
    return (row["rule"], row["file"], row["line"], row["column"])


def stratified(rows, target, previous):
    """Per rule, `max(4, round(target * share))` findings: first the rows of
    the previous sample that are still findings, by identity (a uniform
    sample of the old findings, restricted to those that remain, is a
    uniform sample of these), then the others in seeded hash order
    (bottom-k sampling), so a redraw after a rule change keeps its rows and
    stays uniform."""
    by_rule = defaultdict(list)
    for row in rows:
        by_rule[row["rule"]].append(row)
    total = len(rows)
    drawn = []
    for rule in sorted(by_rule):
        group = sorted(by_rule[rule], key=lambda r: (identity(r) not in previous, draw_order(r)))
        share = max(MIN_PER_RULE, round(target * len(group) / total))
        drawn.extend(group[:share])
    return sorted(drawn, key=lambda r: (r["rule"], r["file"], int(r["line"]), int(r["column"])))


def draw_order(row):
    text = "\t".join((str(SEED),) + identity(row))
    return hashlib.sha256(text.encode()).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join("target", "release", "rbaclint"))
    parser.add_argument("--target", type=int, default=TARGET)
    args = parser.parse_args()
    previous = {}
    if os.path.exists(SAMPLE):
        with open(SAMPLE, newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                previous[identity(row)] = row
    rows = stratified(findings(os.path.join(ROOT, args.binary)), args.target, previous)
    for row in rows:
        old = previous.get(identity(row), {})
        same = old and key(old) == key(row)
        row["verdict"] = old["verdict"] if same else ""
        row["reason"] = old["reason"] if same else ""
    with open(SAMPLE, "w", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    unjudged = sum(1 for r in rows if not r["verdict"])
    print(f"{len(rows)} findings drawn from {len(set(r['rule'] for r in rows))} rules; {unjudged} to judge", file=sys.stderr)


if __name__ == "__main__":
    main()
