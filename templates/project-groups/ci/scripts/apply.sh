#!/usr/bin/env bash
# On merge: plan every stack against the current state (PostgreSQL or local files) and apply
# exactly those saved plans. Exit 0 when every stack converged, 1 when any failed (the output names
# each failure; the state records everything that was done, and a re-run finishes the rest).
set -euo pipefail
cli=${CDKTF_WECOM:-npx cdktf-wecom}
plan=${PLAN_FILE:-plan.json}
set +e
$cli plan --out "$plan" --detailed-exitcode
code=$?
set -e
if [ "$code" -eq 0 ]; then echo "No changes in any stack."; exit 0; fi
if [ "$code" -ne 2 ]; then exit "$code"; fi
$cli apply "$plan"
