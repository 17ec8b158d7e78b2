#!/usr/bin/env bash
# Scheduled drift check: when live state moved outside cdktf-wecom, open one issue (or update
# the open one, found by its hidden marker). Exit 0 either way; 1 on error.
set -euo pipefail
: "${GITHUB_REPOSITORY:?}"
cli=${CDKTF_WECOM:-npx cdktf-wecom}
report=${REPORT_FILE:-drift.md}
set +e
$cli drift --markdown "$report"
code=$?
set -e
if [ "$code" -eq 0 ]; then echo "No drift."; exit 0; fi
if [ "$code" -ne 2 ]; then exit "$code"; fi
marker="<!-- cdktf-wecom-drift -->"
{ echo "$marker"; cat "$report"; } > "$report.body"
issues=$(gh api "repos/$GITHUB_REPOSITORY/issues?state=open&per_page=100" --paginate)
num=$(MARKER="$marker" node -e '
  const list = JSON.parse(require("fs").readFileSync(0, "utf8") || "[]");
  const hit = list.find((i) => !i.pull_request && (i.body || "").startsWith(process.env.MARKER));
  process.stdout.write(hit ? String(hit.number) : "");
' <<< "$issues")
if [ -n "$num" ]; then
  gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/$num" -F "body=@$report.body" > /dev/null
  echo "Updated drift issue #$num"
else
  gh api -X POST "repos/$GITHUB_REPOSITORY/issues" -f "title=WeCom drift: live state changed outside cdktf-wecom" -F "body=@$report.body" > /dev/null
  echo "Opened a drift issue"
fi
