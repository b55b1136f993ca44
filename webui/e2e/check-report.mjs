#!/usr/bin/env node
/**
 * Maven's verify step for the browser tests: the test run itself (integration-test phase)
 * never fails the build, so Liberty is always stopped in post-integration-test; this script
 * then reads Playwright's JSON report, prints what ran and what was skipped (with the reason),
 * and fails when a test failed or was skipped (a skip hides what it tests), when nothing ran, or
 * when there is no report.
 */
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.error(`browser tests: no report at ${file}; did the e2e run start?`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));

const rows = [];
function walk(suite, prefix) {
  const title = [prefix, suite.title].filter(Boolean).join(' › ');
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) {
      const last = test.results?.[test.results.length - 1];
      const reasons = [...(test.annotations ?? []), ...(last?.annotations ?? [])]
        .filter((a) => a.type === 'skip')
        .map((a) => a.description)
        .filter(Boolean);
      const reason = [...new Set(reasons)].join('; ');
      rows.push({ title: `${title} › ${spec.title}`, status: last?.status ?? 'skipped', reason });
    }
  }
  for (const child of suite.suites ?? []) walk(child, title);
}
for (const suite of report.suites ?? []) walk(suite, '');

for (const row of rows) {
  const mark = row.status === 'passed' ? 'PASS' : row.status === 'skipped' ? 'SKIP' : 'FAIL';
  console.log(`[browser] ${mark} ${row.title}${row.reason ? `  (${row.reason})` : ''}`);
}
const { expected = 0, unexpected = 0, skipped = 0, flaky = 0 } = report.stats ?? {};
console.log(
  `[browser] ${expected} passed, ${unexpected} failed, ${flaky} flaky, ${skipped} skipped`,
);
if (unexpected > 0 || (report.errors ?? []).length > 0) {
  for (const error of report.errors ?? []) console.error(error.message ?? error);
  process.exit(1);
}
if (skipped > 0) {
  console.error('[browser] skipped tests hide what they test: make them run or remove them');
  process.exit(1);
}
if (expected === 0) {
  console.error('[browser] no browser test ran');
  process.exit(1);
}
