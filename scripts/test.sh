#!/usr/bin/env bash
# npm test: bring the services up, then run every tier. Parallel tiers first; the serial tier
# (tests that stop or restart the broker or the database) runs alone, one file at a time, last.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/services.sh up
node scripts/sweep-test-resources.js --delete --label="before tests"
npx jest --selectProjects unit
npx jest --selectProjects int --maxWorkers=2
npx jest --selectProjects e2e --maxWorkers=2
npx jest --selectProjects serial --runInBand
node scripts/sweep-test-resources.js --label="after tests"
