#!/usr/bin/env bash
# Plan for a pull request: save the plan and write the Markdown comment. Exit 0 with or
# without changes (sets `changes=true|false` for later steps), 1 on error.
set -euo pipefail
cli=${CDKTF_WECOM:-npx cdktf-wecom}
set +e
$cli plan --out "${PLAN_FILE:-plan.json}" --markdown "${COMMENT_FILE:-plan.md}" --detailed-exitcode
code=$?
set -e
if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then exit "$code"; fi
echo "changes=$([ "$code" -eq 2 ] && echo true || echo false)" >> "${GITHUB_OUTPUT:-/dev/null}"
