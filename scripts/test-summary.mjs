// Prints vitest's JSON report as one plain closing line: "Tests: N passed, N failed".
// A test file that failed to load counts as one failure, so a broken import is never "0 failed".
import { readFileSync } from 'node:fs';
const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.every((a) => a.status !== 'failed')).length;
const failed = r.numFailedTests + brokenFiles;
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`Tests: ${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = r.success && failed === 0 && r.numTotalTests > 0 ? 0 : 1;
