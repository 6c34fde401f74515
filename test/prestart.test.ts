import { closeSync, ftruncateSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../packages/cli/src/main.js';
import { GLOBAL_VALUE_OPTIONS, PRESTART_MIN_BYTES, threadsToPrestart } from '../packages/cli/src/prestart.js';

describe('threadsToPrestart: guessing from the command line that a run will split a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asimkit-prestart-'));
  const big = join(dir, 'big.log');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, PRESTART_MIN_BYTES.detect!); // sparse: large without taking the disk
  closeSync(fd);
  const medium = join(dir, 'medium.log'); // large enough for normalize, not for counting
  const fd3 = openSync(medium, 'w');
  ftruncateSync(fd3, PRESTART_MIN_BYTES.normalize!);
  closeSync(fd3);
  const small = join(dir, 'small.log');
  writeFileSync(small, 'x\n');
  const splittable = join(dir, 'splittable.log'); // may be split, by workers started then
  const fd2 = openSync(splittable, 'w');
  ftruncateSync(fd2, 64 << 20);
  closeSync(fd2);

  it('counts the threads a splitting command over a large plain file will use', () => {
    const cores = availableParallelism();
    expect(threadsToPrestart(['detect', '--all-bins', big])).toBe(cores >= 2 ? cores : 0);
    expect(threadsToPrestart(['--log-level', 'info', 'normalize', '--threads', '3', big])).toBe(3);
    expect(threadsToPrestart(['--enable', 'aws-vpc-flow', 'summarize', '--threads=4', big])).toBe(4);
    // normalize writes every record: splitting pays from a smaller file than for counting
    expect(threadsToPrestart(['normalize', '--threads', '2', medium])).toBe(2);
    expect(threadsToPrestart(['detect', '--threads', '2', medium])).toBe(0);
  });

  it('starts none for one thread, small inputs, directories, gzip, other commands', () => {
    expect(threadsToPrestart(['detect', '--threads', '1', big])).toBe(0);
    expect(threadsToPrestart(['detect', '--threads=1', big])).toBe(0);
    expect(threadsToPrestart(['detect', '--threads', '3', small])).toBe(0);
    expect(threadsToPrestart(['detect', '--threads', '3', splittable])).toBe(0);
    expect(threadsToPrestart(['detect', '--threads', '3', dir])).toBe(0);
    expect(threadsToPrestart(['detect', '--threads', '3', join(dir, 'missing.log')])).toBe(0);
    expect(threadsToPrestart(['listen', '--threads', '3', big])).toBe(0);
    expect(threadsToPrestart(['--plugin-dir', big, 'validate', big])).toBe(0);
    const gz = join(dir, 'big.log.gz');
    writeFileSync(gz, '');
    expect(threadsToPrestart(['detect', '--threads', '3', gz])).toBe(0);
  });

  it("knows every program option that takes a value (the word after it is not the command)", () => {
    const valued = buildProgram().options.filter((o) => o.required || o.optional).map((o) => o.long);
    expect(new Set(valued)).toEqual(GLOBAL_VALUE_OPTIONS);
  });
});
