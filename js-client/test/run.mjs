// Runs every test/*.test.mjs with node:test, printing the spec report and, with --report, writing a JUnit XML file
// whose root carries Surefire's totals (tests, failures, errors, skipped), so scripts/test-all.sh counts these tests
// with the Java ones. With --ignore-failures true the exit code is 0 even when tests fail (like
// -Dmaven.test.failure.ignore), leaving the verdict to the report.
//
// Usage: node test/run.mjs [--report <file.xml>] [--ignore-failures true|false]

import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const testDir = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const report = option("--report");
const ignoreFailures = option("--ignore-failures") === "true";

const files = readdirSync(testDir).filter((name) => name.endsWith(".test.mjs")).sort().map((name) => join(testDir, name));
const reporters = ["--test-reporter=spec", "--test-reporter-destination=stdout"];
if (report) {
  mkdirSync(dirname(report), { recursive: true });
  reporters.push("--test-reporter=junit", "--test-reporter-destination=" + report);
}
const run = spawnSync(process.execPath, ["--test", ...reporters, ...files], { stdio: "inherit" });

if (report) {
  addTotals(report);
}
process.exit(run.status === 0 || ignoreFailures ? 0 : run.status || 1);

/** node's JUnit reporter leaves the totals out of the root element; Surefire readers take them from there. */
function addTotals(file) {
  const xml = readFileSync(file, "utf8");
  const count = (pattern) => (xml.match(pattern) || []).length;
  const totals = {
    name: "js-client",
    tests: count(/<testcase\b/g),
    failures: count(/<failure\b/g),
    errors: 0,
    skipped: count(/<skipped\b/g),
  };
  const attributes = Object.entries(totals).map(([key, value]) => key + "=\"" + value + "\"").join(" ");
  writeFileSync(file, xml.replace(/<testsuites>/, "<testsuites " + attributes + ">"));
}
