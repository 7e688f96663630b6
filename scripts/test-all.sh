#!/usr/bin/env bash
# Runs every test on a fresh machine: installs pnpm, the external test tools and the dependencies,
# builds, runs each package's tests, and prints one closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

pnpm_version="$(node -p "require('./package.json').packageManager.split('@')[1]")"
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  npm install -g --silent "pnpm@$pnpm_version"
fi
if [ "$(id -u)" = 0 ]; then
  bash scripts/install-test-tools.sh
else
  echo "not root: skipping system tool installation (tests that need a missing tool will say so)"
fi

pnpm install --frozen-lockfile --reporter=append-only
rm -f packages/*/.vitest-report.json apps/*/.vitest-report.json bench/.vitest-report.json
status=0
# Type errors in tests are invisible to vitest (it strips types), so every package is type-checked too.
pnpm turbo run typecheck --continue --output-logs=errors-only || status=$?
# Three packages at a time: the suites start engines (Java, Python) and run the AWS CLI and terraform,
# and all sixteen at once on two cores starved commands past their own timeouts.
pnpm turbo run test --continue --concurrency=3 --output-logs=full || status=$?
node scripts/summarize-tests.mjs || status=1
exit "$status"
