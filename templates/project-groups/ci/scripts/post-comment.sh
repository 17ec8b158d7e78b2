#!/usr/bin/env bash
# Posts the plan comment on the pull request, or updates the one posted before: comments are
# found by the hidden marker on the comment's first line, so a PR has exactly one plan comment.
set -euo pipefail
: "${GITHUB_REPOSITORY:?}" "${PR_NUMBER:?}"
file=${COMMENT_FILE:-plan.md}
marker=$(head -n 1 "$file")
case "$marker" in "<!-- cdktf-wecom-plan"*) ;; *) echo "$file does not start with the cdktf-wecom marker" >&2; exit 1 ;; esac
comments=$(gh api "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" --paginate)
id=$(MARKER="$marker" node -e '
  const list = JSON.parse(require("fs").readFileSync(0, "utf8") || "[]");
  const hit = list.find((c) => (c.body || "").startsWith(process.env.MARKER));
  process.stdout.write(hit ? String(hit.id) : "");
' <<< "$comments")
if [ -n "$id" ]; then
  gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F "body=@$file" > /dev/null
  echo "Updated plan comment $id"
else
  gh api -X POST "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" -F "body=@$file" > /dev/null
  echo "Posted a plan comment"
fi
