// Peak memory of `asim normalize` and `asim detect --all-bins` on one big NSG flow-log blob: a
// single PT1H.json document ({"records": [...]}, as a storage account holds it) of --mb megabytes,
// minute-records of 2,000 v2 tuples each.
//
//   pnpm build && node plugins/azure-nsg/scripts/blob-memory.mjs [--mb 500] [--keep]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const MB = arg('mb', 500);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'nsg-blob-'));
const blob = join(dir, 'PT1H.json');

async function writeBlob(path, bytesWanted) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let tuples = 0;
  let records = 0;
  const write = async (s) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{"records":[');
  const t0 = 1542110400;
  while (bytes < bytesWanted) {
    const flowTuples = [];
    for (let i = 0; i < 2000; i++, tuples++) {
      flowTuples.push(`${t0 + (tuples % 86400)},10.5.${(tuples >> 8) & 255}.${tuples & 255},203.0.113.${tuples % 250},${1024 + (tuples % 60000)},${[443, 22, 3389, 80][tuples % 4]},T,${tuples % 3 ? 'O' : 'I'},${tuples % 5 ? 'A' : 'D'},${'BCE'[tuples % 3]},${tuples % 7},${tuples % 9000},${tuples % 5},${tuples % 7000}`);
    }
    const record = {
      time: new Date((t0 + records * 60) * 1000).toISOString(),
      systemId: 'a0fca5ce-022c-47b1-9735-89943b42f2fa',
      macAddress: '000D3AF87856',
      category: 'NetworkSecurityGroupFlowEvent',
      resourceId: '/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/FABRIKAMRG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/FABRIAKMVM1-NSG',
      operationName: 'NetworkSecurityGroupFlowEvents',
      properties: { Version: 2, flows: [{ rule: 'DefaultRule_AllowInternetOutBound', flows: [{ mac: '000D3AF87856', flowTuples }] }] },
    };
    await write((records++ ? ',' : '') + JSON.stringify(record));
  }
  await write(']}');
  out.end();
  await once(out, 'finish');
  return { bytes, tuples, records };
}

/** Runs asim with a hook that reports the process's peak RSS at exit; resolves with it and the accounting line. */
async function peak(args) {
  const hook = join(dir, 'maxrss.mjs');
  writeFileSync(hook, "import { writeSync } from 'node:fs';\nprocess.on('exit', () => writeSync(2, `maxrss ${process.resourceUsage().maxRSS}\\n`));\n");
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', hook, BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const [code] = await once(child, 'close');
  const kb = Number(/maxrss (\d+)/.exec(err)?.[1]);
  return { code, seconds: (Date.now() - started) / 1000, peakMiB: Math.round(kb / 1024), accounting: err.split('\n').find((l) => l.startsWith('asim: read')) ?? err.slice(-500) };
}

const made = await writeBlob(blob, MB * 1e6);
console.log(`blob: ${(made.bytes / 1e6).toFixed(0)} MB, ${made.records} minute-records, ${made.tuples} tuples (${blob})`);
for (const [label, args] of [
  ['normalize --out /dev/null', ['normalize', '--source', 'azure-nsg', '--out', '/dev/null', blob]],
  ['detect --all-bins', ['detect', '--all-bins', '--source', 'azure-nsg', '--format', 'jsonl', blob]],
]) {
  const r = await peak(args);
  console.log(`${label}: exit ${r.code}, ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMiB} MiB\n  ${r.accounting}`);
}
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
