#!/usr/bin/env bash
# Benchmarks rbaclint against the parse floor and Checkov, side by side, on
# the real corpus and on generated dense RBAC at 1x and 10x, then writes
# BENCHMARKS.md; last, benches/audit.sh adds `rbaclint audit` on a generated
# 1 GB audit log. Usage: benches/run.sh   (from the crate root or anywhere)
#
# Environment:
#   REPS=3            runs per rbaclint/floor figure (the fastest is kept)
#   CHECKOV=1         0 skips Checkov (its rows and the Checkov target are left out)
#   CHECKOV_10X=0     1 also runs Checkov on the 10x corpus (slow: ~10x the 1x time)
#   BEFORE=           a git revision: also builds rbaclint at it (in a worktree
#                     under target/bench, own target dir) and measures it side by
#                     side, as "before" rows
#   BEFORE_BIN=       a release rbaclint already built at BEFORE (skips that build)
#   MIXED_MB=1000     size of the generated mixed-manifest tree (`gen-mixed`); 0 skips it
#   BEFORE_MIXED=0    1 also measures the before build on the mixed tree (slow)
#   REAL=../shared/corpus/real
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-3}
CHECKOV_RUN=${CHECKOV:-1}
CHECKOV_10X=${CHECKOV_10X:-0}
BEFORE=${BEFORE:-}
MIXED_MB=${MIXED_MB:-1000}
BEFORE_MIXED=${BEFORE_MIXED:-0}
REAL=${REAL:-../shared/corpus/real}
OUT=target/bench
mkdir -p "$OUT"
TIMES="$OUT/times.tsv"
: > "$TIMES"

BEFORE_BIN=${BEFORE_BIN:-}
if [ -n "$BEFORE" ] && [ -z "$BEFORE_BIN" ]; then
  # Built first, in this target directory (the dependencies are shared),
  # then copied aside: the build below writes target/release/rbaclint.
  echo "== building rbaclint at $BEFORE (before)"
  rm -rf "$OUT/before-src"
  git worktree prune
  git worktree add --detach "$OUT/before-src" "$BEFORE"
  CARGO_TARGET_DIR="$PWD/target" cargo build --release --bin rbaclint \
    --manifest-path "$OUT/before-src/Cargo.toml"
  mkdir -p "$OUT/before"
  cp target/release/rbaclint "$OUT/before/rbaclint"
  # Should the build below not put its own binary back, fail rather than
  # measure the old one twice.
  rm -f target/release/rbaclint
  BEFORE_BIN="$OUT/before/rbaclint"
  git worktree remove --force "$OUT/before-src"
fi

echo "== building release (rbaclint, gen-rbac, gen-mixed, parse-floor)"
cargo build --release --bin rbaclint --example gen-rbac --example gen-mixed --example parse-floor
BIN=target/release/rbaclint
FLOOR=target/release/examples/parse-floor

echo "== generating corpora"
target/release/examples/gen-rbac "$OUT/gen-1x" 1 "$OUT/findings-1x.yaml"
target/release/examples/gen-rbac "$OUT/gen-10x" 10 "$OUT/findings-10x.yaml"
CORPORA="real gen-1x gen-10x"
if [ "$MIXED_MB" != 0 ]; then
  target/release/examples/gen-mixed "$OUT/mixed" "$MIXED_MB"
  CORPORA="$CORPORA mixed"
fi

CHECKOV="$OUT/checkov-venv/bin/checkov"
if [ "$CHECKOV_RUN" = 1 ] && [ ! -x "$CHECKOV" ]; then
  echo "== installing Checkov 3.3.30 into $OUT/checkov-venv"
  python3 -m venv "$OUT/checkov-venv"
  "$OUT/checkov-venv/bin/pip" install --quiet checkov==3.3.30
fi
CHECKS=CKV_K8S_42,CKV_K8S_49,CKV_K8S_155,CKV_K8S_156,CKV_K8S_157,CKV_K8S_158,CKV2_K8S_1,CKV2_K8S_2,CKV2_K8S_3,CKV2_K8S_4,CKV2_K8S_5

# measure LABEL CORPUS CMD... : appends "label corpus wall user sys maxrss_kb exit" to $TIMES
measure() {
  local label=$1 corpus=$2
  shift 2
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.tmp" "$@" > "$OUT/stdout.tmp" 2> "$OUT/stderr.tmp" || status=$?
  # rbaclint and Checkov exit 1 on findings: that is not a failure.
  if [ "$status" -gt 1 ]; then
    echo "$label on $corpus exited $status:" >&2
    tail -5 "$OUT/stderr.tmp" >&2
  fi
  printf '%s\t%s\t%s\t%s\n' "$label" "$corpus" "$(tr ' ' '\t' < "$OUT/time.tmp" | tail -1)" "$status" >> "$TIMES"
}

CORES=$(nproc)
for corpus in $CORPORA; do
  case $corpus in
    real) dir=$REAL ;;
    *) dir=$OUT/$corpus ;;
  esac
  echo "== $corpus ($dir)"
  # The 1 GB tree is measured once per tool: it is there for its memory.
  reps=$REPS
  [ "$corpus" = mixed ] && reps=1
  for _ in $(seq "$reps"); do
    measure floor "$corpus" "$FLOOR" "$dir"
    measure rbaclint-1t "$corpus" env RAYON_NUM_THREADS=1 "$BIN" check --format json "$dir"
    measure rbaclint-all "$corpus" "$BIN" check --format json "$dir"
    if [ -n "$BEFORE_BIN" ] && { [ "$corpus" != mixed ] || [ "$BEFORE_MIXED" = 1 ]; }; then
      measure before-1t "$corpus" env RAYON_NUM_THREADS=1 "$BEFORE_BIN" check --format json "$dir"
      measure before-all "$corpus" "$BEFORE_BIN" check --format json "$dir"
    fi
  done
  if [ "$CHECKOV_RUN" = 1 ] && [ "$corpus" != mixed ] && { [ "$corpus" != gen-10x ] || [ "$CHECKOV_10X" = 1 ]; }; then
    echo "   checkov (takes minutes)"
    measure checkov "$corpus" env BC_SKIP_MAPPING=TRUE "$CHECKOV" -d "$dir" --framework kubernetes \
      --check "$CHECKS" -o json --skip-download
  fi
done

echo "== rendering 10,000 and 100,000 findings in one file (human output)"
for _ in $(seq "$REPS"); do
  measure render findings-1x env RAYON_NUM_THREADS=1 "$BIN" check --format human --color never "$OUT/findings-1x.yaml"
  measure render findings-10x env RAYON_NUM_THREADS=1 "$BIN" check --format human --color never "$OUT/findings-10x.yaml"
  if [ -n "$BEFORE_BIN" ]; then
    measure before-render findings-1x env RAYON_NUM_THREADS=1 "$BEFORE_BIN" check --format human --color never "$OUT/findings-1x.yaml"
    measure before-render findings-10x env RAYON_NUM_THREADS=1 "$BEFORE_BIN" check --format human --color never "$OUT/findings-10x.yaml"
  fi
done

python3 benches/report.py "$TIMES" "$REAL" "$CORES" "$BEFORE" > BENCHMARKS.md
echo "== wrote BENCHMARKS.md"

REPS=$REPS benches/audit.sh
