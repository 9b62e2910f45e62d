#!/usr/bin/env bash
# The steps of action.yml: install rbaclint (unless RBACLINT_BIN names one),
# write the SARIF report whatever the findings, then lint with annotations;
# the exit status is that of the annotated run (0 clean, 1 findings, 2 bad
# input). Inputs come as INPUT_PATHS, INPUT_ARGS and INPUT_SARIF_FILE.
set -uo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"
paths="${INPUT_PATHS:-.}"
args="${INPUT_ARGS:-}"
sarif="${INPUT_SARIF_FILE:-rbaclint.sarif}"

rbaclint="${RBACLINT_BIN:-}"
if [ -z "$rbaclint" ]; then
  if command -v rbaclint > /dev/null 2>&1; then
    rbaclint="$(command -v rbaclint)"
  else
    echo "::group::Install rbaclint"
    venv="${RUNNER_TEMP:-/tmp}/rbaclint-venv"
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "$action_path" || exit 2
    rbaclint="$venv/bin/rbaclint"
    echo "::endgroup::"
  fi
fi

# Word splitting of paths and args is intended (several paths, several flags).
# shellcheck disable=SC2086
"$rbaclint" check $paths $args --format sarif --output "$sarif" --exit-zero
sarif_status=$?
# shellcheck disable=SC2086
"$rbaclint" check $paths $args --format github
status=$?
if [ "$sarif_status" -ne 0 ] && [ "$status" -eq 0 ]; then
  status=$sarif_status
fi
exit "$status"
