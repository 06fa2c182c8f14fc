#!/usr/bin/env bash
# npm test: bring the services up, then run every tier. Parallel tiers first; the serial tier
# (tests that stop or restart the broker or the database) runs alone, one file at a time, last.
# Each tier has a hard time limit: a Jest that does not exit (a leaked timer, socket or child process)
# fails the run with a message instead of hanging it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# tier NAME LIMIT_SECONDS JEST_ARGS...
tier() {
  local name="$1" limit="$2"
  shift 2
  local rc=0
  timeout --kill-after=20 "$limit" npx jest --selectProjects "$name" "$@" || rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "npm test: the $name tier did not finish within ${limit}s (a test left something running?)" >&2
  fi
  return "$rc"
}

bash scripts/services.sh up
node scripts/sweep-test-resources.js --delete --label="before tests"
tier unit 300
tier int 900 --maxWorkers=2
tier e2e 900 --maxWorkers=2
tier serial 900 --runInBand
node scripts/sweep-test-resources.js --label="after tests"
