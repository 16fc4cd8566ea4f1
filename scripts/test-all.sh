#!/usr/bin/env bash
# THE test command: installs the Debian packages the end-to-end tests drive (real MariaDB server and CLI, PHP mysqli/PDO,
# PyMySQL, Chromium) and Node.js/npm (js-client's build and tests, the browser tests' harness) when any is missing, then
# runs every module's tests and prints "Tests: N passed, M failed, K skipped". Exit code: non-zero when the build
# failed, a test failed or none ran. Extra arguments go to Maven. Installing needs root or password-less sudo; every
# test reads its recorded data from testdata/ in this repository.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests start or call as subprocesses (later issues append theirs).
packages=(mariadb-server mariadb-client redis-server php-cli php-mysql python3-pymysql chromium systemd)

missing=()
for package in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done
# Node.js and npm may come from elsewhere (NodeSource's nodejs bundles npm): only absent commands are installed.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "test-all: installing ${missing[*]} with apt-get as root"
    sudo=()
  else
    echo "test-all: installing ${missing[*]} with sudo apt-get (user $(id -un))"
    sudo=(sudo -n)
  fi
  # Another apt or dpkg (unattended upgrades, another job) may hold the lock: wait up to 5 minutes for it. Not every
  # apt version waits for the package lists' lock in "update", so that one is retried for 5 minutes.
  apt=(apt-get -o DPkg::Lock::Timeout=300)
  for attempt in {1..30}; do
    "${sudo[@]}" "${apt[@]}" update && break
    if ((attempt == 30)); then
      exit 1
    fi
    echo "test-all: apt-get update failed (lock held by another apt?), retrying in 10 s"
    sleep 10
  done
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}" \
    </dev/null
fi

# js-client's tests write a JUnit report with node:test's junit reporter (Node.js 20 and later).
node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "test-all: Node.js $(node --version) is too old, 20 or newer is needed (Debian 13's nodejs, or NodeSource's)" >&2
  exit 1
fi

# Every module's tests run even when an earlier module has failures (a failing cometql test must not hide the
# comet-server results); the failures are then counted from the Surefire reports and decide the exit code.
# package, not test: the release archive's test starts the jar built in this run
mvn -B -ntp -Dmaven.test.failure.ignore=true package "$@" </dev/null
python3 - <<'PY'
import glob, sys, xml.etree.ElementTree as ET
runs = failed = errors = skipped = 0
bad = []
for report in sorted(glob.glob("*/target/surefire-reports/TEST-*.xml")):
    suite = ET.parse(report).getroot()
    runs += int(suite.get("tests", 0)); skipped += int(suite.get("skipped", 0))
    failed += int(suite.get("failures", 0)); errors += int(suite.get("errors", 0))
    for case in suite.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            bad.append(f'{case.get("classname")}.{case.get("name")}')
for name in bad:
    print(f"FAILED: {name}")
print(f"Tests: {runs - failed - errors - skipped} passed, {failed + errors} failed, {skipped} skipped")
sys.exit(1 if (failed or errors or runs == 0) else 0)
PY
