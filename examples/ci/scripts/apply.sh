#!/usr/bin/env bash
# On merge: plan against the current state, apply exactly that saved plan, and (with
# COMMIT_STATE=true) commit the state file back so the next run starts from it.
set -euo pipefail
cli=${CDKTF_WECOM:-npx cdktf-wecom}
plan=${PLAN_FILE:-plan.json}
$cli plan --out "$plan"
$cli apply "$plan"
if [ "${COMMIT_STATE:-false}" = "true" ] && [ -n "$(git status --porcelain -- 'terraform.*.tfstate' 'terraform.*.tfstate.quota.json')" ]; then
  git config user.name "cdktf-wecom"
  git config user.email "cdktf-wecom@users.noreply.github.com"
  git add -- $(ls terraform.*.tfstate terraform.*.tfstate.quota.json 2>/dev/null)
  git commit -m "wecom: state after apply [skip ci]"
  git push
fi
