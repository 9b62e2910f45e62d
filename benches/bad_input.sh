#!/usr/bin/env bash
# Before/after on the bad inputs of issue 9, from one run: builds rbaclint
# (release) at the current tree and at BEFORE, the last commit before the
# issue-9 work, writes each pathological class at the issue's sizes
# (`gen-bad-input`, the generators of tests/it/generators.rs) and takes the
# decoding classes from fuzz/seeds/, runs both binaries on each file under a
# cap, and prints a Markdown table: class | size | before | after, each as
# CPU time (user + system; wall time beside it) / peak RSS / exit code /
# what was reported.
# Usage: benches/bad_input.sh   (from the crate root or anywhere)
#
# Environment:
#   BEFORE=27890e4   the git revision measured as "before"
#   BEFORE_BIN=      a release rbaclint already built at BEFORE (skips that build)
#   CAP_SECONDS=60   wall-time cap per run (the run is killed at it)
#   CAP_MB=4096      address-space cap per run (allocation fails beyond it)
#   CARGO_TARGET_DIR where both builds go (default: target)
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${BEFORE:-27890e4}
BEFORE_BIN=${BEFORE_BIN:-}
CAP_SECONDS=${CAP_SECONDS:-60}
CAP_MB=${CAP_MB:-4096}
OUT=target/bench/bad-input
mkdir -p "$OUT"

# Both builds share one target directory (the dependencies are the same).
TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
if [ -z "$BEFORE_BIN" ]; then
  echo "== building rbaclint at $BEFORE (before)" >&2
  rm -rf "$OUT/before-src"
  git worktree prune
  git worktree add --detach "$OUT/before-src" "$BEFORE" >&2
  CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --bin rbaclint \
    --manifest-path "$OUT/before-src/Cargo.toml" >&2
  git worktree remove --force "$OUT/before-src"
  mkdir -p "$OUT/before"
  cp "$TARGET_DIR/release/rbaclint" "$OUT/before/rbaclint"
  # Should the build below not put its own binary back, fail rather than
  # measure the old one twice.
  rm -f "$TARGET_DIR/release/rbaclint"
  BEFORE_BIN="$OUT/before/rbaclint"
fi

echo "== building rbaclint (after) and gen-bad-input" >&2
CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --bin rbaclint --example gen-bad-input >&2
AFTER_BIN=$TARGET_DIR/release/rbaclint
GEN=$TARGET_DIR/release/examples/gen-bad-input

# row name, generator class, size in bytes (the issue's figures where it
# gives one: 56 KB took 170 s, 336 KB aborted allocating 8 GiB, 308 KB of
# nested anchors took 10 GB, 1.1 MB of wide merges took 171 s; 1 MB else).
# Nested anchors come in two forms: block sequences 80 deep
# (`nested-anchors`) and flow sequences 990 deep (`deep-flow`).
GENERATED="
capability-product capability-product 56000
capability-product capability-product 336000
nested-anchors nested-anchors 308000
nested-flow-anchors deep-flow 308000
wide-merge wide-merge 1100000
many-stars many-stars 1000000
minified-json minified-json 1000000
many-suppressions many-suppressions 1000000
deep-flow deep-flow 1000000
alias-fan-out alias-fan-out 1000000
"
FILES=()
while read -r name class bytes; do
  [ -n "$name" ] || continue
  file="$OUT/$name-$((bytes / 1000))k.yaml"
  "$GEN" "$class" "$bytes" > "$file"
  FILES+=("$file")
done <<< "$GENERATED"
# The decoding classes: small files whose right answer is a finding or an error.
for seed in binary-star binary-key merge-after-explicit merge-tagged-quoted two-merges \
  two-boms-multibyte control-characters surrogate-pair top-level-array \
  verbs-empty-and-null directive-in-scalars tag-before-comma; do
  FILES+=("$(ls fuzz/seeds/$seed.*)")
done

# One run of `$1` on `$2` under the caps: "time / RSS / exit / reported".
measure() {
  local bin=$1 file=$2 code=0
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" \
    timeout --kill-after=5 "$CAP_SECONDS" prlimit --as=$((CAP_MB * 1024 * 1024)) -- \
    "$bin" check --format json "$file" > "$OUT/out.json" 2> "$OUT/err" || code=$?
  local wall user system kib
  read -r wall user system kib < <(tail -1 "$OUT/time")
  local cpu
  cpu=$(python3 -c "print(f'{$user + $system:.2f}')")
  local rss=$((kib / 1024))
  # 124: timeout ended it at the cap (its rusage includes the child's).
  if [ "$code" = 124 ] || [ "$code" = 137 ]; then
    echo "killed at ${CAP_SECONDS} s wall (${cpu} s CPU) / ${rss} MB / – / –"
    return
  fi
  local reported
  reported=$(python3 - "$OUT/out.json" "$OUT/err" <<'PY'
import collections, json, sys
try:
    report = json.load(open(sys.argv[1]))
except ValueError:
    err = open(sys.argv[2], errors="replace").read()
    lines = [l for l in err.splitlines() if l.strip()]
    # A failed allocation at the cap, a panic, or another crash.
    if any("memory allocation" in l for l in lines):
        print("allocation failed at the cap")
    elif any("panicked" in l for l in lines):
        print("panic")
    else:
        print("no report")
    sys.exit()
rules = collections.Counter(f["rule"] for f in report["findings"])
parts = [f"{rule} ×{n}" for rule, n in sorted(rules.items())]
errors = report.get("errors", [])
if errors:
    messages = sorted({e["message"][:48] for e in errors})
    parts.append(f"{len(errors)} error: " + "; ".join(messages))
print(", ".join(parts) or "nothing")
PY
)
  echo "${cpu} s CPU (${wall} s wall) / ${rss} MB / ${code} / ${reported}"
}

echo "| class | size | before (\`$BEFORE\`): time / peak RSS / exit / reported | after: time / peak RSS / exit / reported |"
echo "|---|---|---|---|"
for file in "${FILES[@]}"; do
  name=$(basename "$file")
  bytes=$(wc -c < "$file")
  if [ "$bytes" -ge 10000 ]; then size="$((bytes / 1000)) KB"; else size="$bytes B"; fi
  before=$(measure "$BEFORE_BIN" "$file")
  after=$(measure "$AFTER_BIN" "$file")
  echo "| \`${name%.*}\` | $size | $before | $after |"
done
