#!/usr/bin/env node
// The split baseline: node split-lines.mjs FILE
// Reads the file and splits each line on `|` in Node, the least a CEF reader written in JavaScript does.
// Prints {"lines", "fields"} as JSON (the sums keep the work from being optimised away).
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const file = process.argv[2];
if (!file) {
  console.error('usage: split-lines.mjs FILE');
  process.exit(2);
}

const fd = openSync(file, 'r');
const chunk = Buffer.allocUnsafe(1 << 20);
const decoder = new StringDecoder('utf8');
let rest = '';
let lines = 0;
let fields = 0;
const count = (line) => {
  if (line.length === 0) return;
  lines++;
  fields += line.split('|').length;
};
for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
  const parts = (rest + decoder.write(chunk.subarray(0, n))).split('\n');
  rest = parts.pop();
  for (const line of parts) count(line);
}
count(rest + decoder.end());
closeSync(fd);
process.stdout.write(JSON.stringify({ lines, fields }) + '\n');
