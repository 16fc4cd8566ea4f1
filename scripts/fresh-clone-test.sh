#!/usr/bin/env bash
# Acceptance check that the repository stands alone: clones the committed state (HEAD; uncommitted changes are not
# included) into an empty temporary folder with nothing beside it, runs the test command (scripts/test-all.sh) there,
# and compares its "Tests: N passed, M failed, K skipped" with an in-place run's. Passes when the clone ran as many
# tests as expected and none failed. Takes as long as two test runs without EXPECTED.
#
# Usage: scripts/fresh-clone-test.sh [EXPECTED]
#   EXPECTED: the number of tests (passed + failed + skipped) an in-place run printed; without it, this script runs
#             scripts/test-all.sh in place first and takes the number from there.
# The clone and its log stay in the printed temporary folder when the check fails.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$repo" rev-parse HEAD)"

# The total of the last "Tests: N passed, M failed, K skipped" line of a log.
total() {
  sed -n 's/^Tests: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$1" | tail -n 1 \
    | awk '{ print $1 + $2 + $3 }'
}

expected="${1:-}"
if [[ -z "$expected" ]]; then
  in_place_log="$(mktemp)"
  echo "fresh-clone-test: in-place run in $repo, log $in_place_log"
  "$repo/scripts/test-all.sh" >"$in_place_log" 2>&1 || true
  expected="$(total "$in_place_log")"
  if [[ -z "$expected" ]]; then
    echo "fresh-clone-test: the in-place run printed no test count, see $in_place_log" >&2
    exit 1
  fi
fi

tmp="$(mktemp -d)"
log="$tmp/test-all.log"
echo "fresh-clone-test: cloning $commit into $tmp/repo (nothing beside it), log $log"
git clone --quiet --no-hardlinks "$repo" "$tmp/repo"
git -C "$tmp/repo" checkout --quiet --detach "$commit"

status=0
"$tmp/repo/scripts/test-all.sh" >"$log" 2>&1 || status=$?
counts="$(grep '^Tests: ' "$log" | tail -n 1 || true)"
actual="$(total "$log")"
grep '^FAILED: ' "$log" || true
# Tests per module (the root element's count, as test-all.sh reads it), to see where a difference comes from.
(cd "$tmp/repo" && python3 - <<'PY'
import collections, glob, xml.etree.ElementTree as ET
tests = collections.Counter()
for report in glob.glob("*/target/surefire-reports/TEST-*.xml"):
    tests[report.split("/")[0]] += int(ET.parse(report).getroot().get("tests", 0))
for module, count in sorted(tests.items()):
    print(f"fresh-clone-test: {module}: {count} tests")
PY
)
echo "fresh-clone-test: clone: ${counts:-no test count} (exit $status); expected $expected tests"

if [[ $status -eq 0 && "$actual" == "$expected" ]]; then
  echo "fresh-clone-test: PASS"
  rm -rf "$tmp"
else
  echo "fresh-clone-test: FAIL (clone and log kept in $tmp)" >&2
  exit 1
fi
