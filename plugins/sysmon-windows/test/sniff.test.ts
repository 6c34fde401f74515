import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sniffFile } from '@asimkit/sdk/testkit';
import { describe, expect, it } from 'vitest';
import { SysmonWindowsParser } from '../src/parser.js';

const parser = new SysmonWindowsParser();
const samples = fileURLToPath(new URL('../../../../shared/samples', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const inputs = (dir: string) => readdirSync(dir).filter((f) => !/\.(md|expected\.jsonl|options\.json)$/.test(f)).map((f) => join(dir, f));

/** This plugin's inputs: its fixtures and the shared samples named here; every other shared sample is another source's. */
const MINE: readonly string[] = ['windows-forwarded-event/otrf__log4shell_WindowsEvent_sysmon.json'];
const OTHERS = readdirSync(samples).filter((d) => !d.endsWith('.md'));

describe(`${parser.id} sniff`, () => {
  it.each([...inputs(fixtures), ...MINE.map((m) => join(samples, m))])('is confident on its own input %s', (path) => {
    expect(sniffFile(parser, path).score).toBeGreaterThanOrEqual(0.5);
  });

  it.each(OTHERS.flatMap((d) => inputs(join(samples, d))).filter((f) => !MINE.some((m) => f.endsWith(m))))('is not confident on another source\'s sample %s', (path) => {
    expect(sniffFile(parser, path).score).toBeLessThan(0.5);
  });
});
