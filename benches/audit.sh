#!/usr/bin/env bash
# Benchmarks `rbaclint audit` on a generated 1 GB audit log (plain and gzip),
# one thread, and times each stage alone (benches/helpers/audit_stages.rs);
# writes the "Audit log" section of BENCHMARKS.md (between its markers,
# leaving the rest of the file as it is). benches/run.sh calls it last; it
# also runs alone: benches/audit.sh
#
# Environment:
#   REPS=3          runs per figure (the fastest is kept)
#   AUDIT_HOURS=290 hours of generated traffic (290 h is about 1 GB)
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-3}
AUDIT_HOURS=${AUDIT_HOURS:-290}
OUT=target/bench
mkdir -p "$OUT"
TIMES="$OUT/audit-times.tsv"
STAGES="$OUT/audit-stages.tsv"
: > "$TIMES"
: > "$STAGES"

echo "== building release (rbaclint, gen-audit, audit-stages)"
cargo build --release --bin rbaclint --example gen-audit --example audit-stages
BIN=target/release/rbaclint

LOG="$OUT/audit-${AUDIT_HOURS}h.log"
if [ ! -s "$LOG" ]; then
  echo "== generating $AUDIT_HOURS h of controller traffic"
  target/release/examples/gen-audit "$LOG" "$AUDIT_HOURS"
fi
if [ ! -s "$LOG.gz" ] || [ "$LOG.gz" -ot "$LOG" ]; then
  echo "== compressing it"
  gzip -6 -c "$LOG" > "$LOG.gz"
fi

# The generated controller's roles, with elements its traffic never uses.
ROLES=benches/helpers/gen_audit_rbac.yaml

# measure LABEL CMD... : appends "label wall user sys maxrss_kb exit" to $TIMES
measure() {
  local label=$1
  shift
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.tmp" "$@" > "$OUT/stdout.tmp" 2> "$OUT/stderr.tmp" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "$label exited $status:" >&2
    tail -5 "$OUT/stderr.tmp" >&2
  fi
  printf '%s\t%s\t%s\n' "$label" "$(tr ' ' '\t' < "$OUT/time.tmp" | tail -1)" "$status" >> "$TIMES"
}

echo "== audit on $LOG ($REPS runs each, plain and gzip)"
for _ in $(seq "$REPS"); do
  measure plain "$BIN" audit --format json --log "$LOG" "$ROLES"
  measure gzip "$BIN" audit --format json --log "$LOG.gz" "$ROLES"
  target/release/examples/audit-stages "$LOG" "$LOG.gz" "$ROLES" >> "$STAGES"
done

python3 benches/report_audit.py "$LOG" "$TIMES" "$STAGES" BENCHMARKS.md
echo "== wrote the audit section of BENCHMARKS.md"
