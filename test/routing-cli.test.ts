// Per-line routing as users meet it: a syslog relay file mixing devices line by line, and a
// shipper's archive (Filebeat NDJSON) whose messages hold raw lines of several sources.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { asim, jsonl, ROOT, tempDir } from './helpers.js';

const SAMPLES = join(ROOT, '..', 'shared', 'samples');
const lines = (path: string) => readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
const gzLines = (path: string) => gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter((l) => l.trim() !== '');

const ASA_BUILT = lines(join(SAMPLES, 'cisco-asa', 'metron__SampleInput_AsaOutput.log')).filter((l) => l.includes('%ASA-6-302013') || l.includes('%ASA-6-302015'));
const MERAKI = lines(join(ROOT, 'plugins/cisco-meraki/test/fixtures/raw-every-logtype-documented.log')).filter((l) => / (flows|firewall) /.test(l) && l.includes('src='));
const PAN_CEF = gzLines(join(ROOT, 'examples/palo-alto-cef/pa-fw-01.syslog.log.gz'));
const FORTIGATE = gzLines(join(ROOT, 'examples/fortinet-fortigate/fgt-edge-01.syslog.log.gz'));
const PAN_CSV = lines(join(SAMPLES, 'palo-alto-cef', 'metron__SampleInput_PaloaltoOutput_panos_syslog_csv.log')).filter((l) => l.includes(',TRAFFIC,'));
const VPC = gzLines(join(ROOT, 'examples/aws-vpc-flow/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20240501T0000Z_5f3a9c1e.log.gz')).slice(1, 40);

function accounting(stderr: string): Record<string, number> {
  const line = stderr.split('\n').find((l) => l.startsWith('asim: read '))!;
  const out: Record<string, number> = {};
  for (const m of line.matchAll(/(read|parsed|skipped|rejected|emitted) (\d+)/g)) out[m[1]!] = Number(m[2]);
  expect(out.read).toBe(out.parsed! + out.skipped! + out.rejected!);
  return out;
}

/** Interleaves several lists, one item of each in turn. */
function interleave(...lists: string[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(...lists.map((l) => l.length)); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

describe('a relay file mixing ASA, Meraki, PAN-OS CEF and FortiGate lines, with no --source', () => {
  it('attributes every line to the right plugin, and the accounting adds up', async () => {
    expect(ASA_BUILT.length).toBeGreaterThan(5);
    expect(MERAKI.length).toBeGreaterThan(3);
    const mixed = interleave(ASA_BUILT.slice(0, 10), MERAKI.slice(0, 10), PAN_CEF.slice(0, 10), FORTIGATE.slice(0, 10));
    const dir = tempDir();
    writeFileSync(join(dir, 'relay.log'), mixed.join('\n') + '\n');
    const r = await asim(['normalize', '--lineage', join(dir, 'relay.log')]);
    expect(r.code, r.stderr).toBe(0);
    const byLine = new Map(jsonl(r.stdout).map((rec) => [(rec._Lineage as { line: number }).line, rec.EventProduct]));
    const expected = mixed.map((l) => (l.includes('%ASA-') ? 'ASA' : l.includes('CEF:0|Palo Alto') ? 'PanOS' : l.includes('devname=') ? 'Fortigate' : 'Meraki'));
    expected.forEach((product, i) => expect(byLine.get(i + 1) ?? '(no record)', mixed[i]).toBe(product));
    expect(accounting(r.stderr)).toMatchObject({ read: mixed.length, rejected: 0 });
  });

  it('still routes devices that appear only after the first lines (which are all one plugin\'s)', async () => {
    const dir = tempDir();
    const mixed = [...FORTIGATE.slice(0, 80), ...ASA_BUILT.slice(0, 5), ...PAN_CEF.slice(0, 5)];
    writeFileSync(join(dir, 'late.log'), mixed.join('\n') + '\n');
    for (const args of [['normalize'], ['detect', '--all-bins', '--format', 'jsonl']]) {
      const r = await asim([...args, join(dir, 'late.log')]);
      expect(accounting(r.stderr), args[0]).toMatchObject({ read: 90, rejected: 0, parsed: 90 });
    }
    const products = jsonl((await asim(['normalize', join(dir, 'late.log')])).stdout).map((x) => x.EventProduct);
    expect(products.filter((p) => p === 'ASA')).toHaveLength(5);
    expect(products.filter((p) => p === 'PanOS')).toHaveLength(5);
  });

  it('an outbound 302013 gives the inside initiator as Src and the service port as DstPortNumber', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'asa.log'),
      '<166>Jun 27 12:17:46 asa-edge %ASA-6-302013: Built outbound TCP connection 11757 for outside:100.66.205.104/443 (100.66.205.104/443) to inside:172.31.98.44/51772 (203.0.113.9/41772)\n',
    );
    const [rec] = jsonl((await asim(['normalize', join(dir, 'asa.log')])).stdout);
    expect(rec).toMatchObject({ SrcIpAddr: '172.31.98.44', SrcPortNumber: 51772, DstIpAddr: '100.66.205.104', DstPortNumber: 443, SrcNatIpAddr: '203.0.113.9' });
  });
});

describe('a shipper archive (Filebeat NDJSON) whose messages hold PAN-OS CSV, FortiGate key=value and VPC lines', () => {
  const raw = interleave(PAN_CSV.slice(0, 15), FORTIGATE.slice(0, 15), VPC.slice(0, 15));

  it('normalizes exactly as the raw lines do', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'raw.log'), raw.join('\n') + '\n');
    const filebeat = raw.map((message, i) => JSON.stringify({ '@timestamp': `2024-05-01T12:00:${String(i % 60).padStart(2, '0')}.000Z`, agent: { type: 'filebeat', hostname: 'shipper-01' }, host: { name: 'relay-01' }, log: { file: { path: '/var/log/relay.log' }, offset: i * 300 }, message }));
    writeFileSync(join(dir, 'filebeat.ndjson'), filebeat.join('\n') + '\n');
    const fromRaw = await asim(['normalize', join(dir, 'raw.log')]);
    const fromArchive = await asim(['normalize', join(dir, 'filebeat.ndjson')]);
    expect(fromArchive.code, fromArchive.stderr).toBe(0);
    expect(jsonl(fromArchive.stdout)).toEqual(jsonl(fromRaw.stdout));
    expect(accounting(fromArchive.stderr)).toEqual(accounting(fromRaw.stderr));
    expect(new Set(jsonl(fromRaw.stdout).map((x) => x.EventProduct))).toEqual(new Set(['PanOS', 'Fortigate', 'VPC']));
  });

  it('reads Splunk HEC, journald and Fluent Bit envelopes the same way, and lineage names the outer line', async () => {
    const dir = tempDir();
    const inner = raw.slice(0, 9);
    writeFileSync(join(dir, 'raw.log'), inner.join('\n') + '\n');
    const expected = jsonl((await asim(['normalize', join(dir, 'raw.log')])).stdout);
    const shapes: Record<string, (m: string) => unknown> = {
      'hec.json': (m) => ({ time: 1714564800.5, host: 'relay-01', sourcetype: 'syslog', event: m }),
      'journal.json': (m) => ({ __REALTIME_TIMESTAMP: '1714564800000000', _HOSTNAME: 'relay-01', SYSLOG_IDENTIFIER: 'relay', MESSAGE: m }),
      'fluentbit.json': (m) => ({ date: 1714564800.1, log: m, host: 'relay-01' }),
    };
    for (const [name, wrap] of Object.entries(shapes)) {
      writeFileSync(join(dir, name), inner.map((m) => JSON.stringify(wrap(m))).join('\n') + '\n');
      const r = await asim(['normalize', '--lineage', join(dir, name)]);
      const recs = jsonl(r.stdout);
      expect(recs.map(({ _Lineage, ...rest }) => rest), name).toEqual(expected);
      expect(recs.map((x) => (x._Lineage as { line: number }).line)).toEqual(inner.map((_, i) => i + 1));
    }
  });

  it("takes the sender's address an rsyslog or syslog-ng template records (fromhost-ip, SOURCEIP) as the sender, as a listener does", async () => {
    const dir = tempDir();
    const [meraki] = MERAKI;
    writeFileSync(join(dir, 'rsyslog.json'), JSON.stringify({ rawmsg: meraki, timegenerated: '2024-05-01T12:00:00Z', fromhost: 'relay-01', 'fromhost-ip': '192.0.2.7' }) + '\n');
    writeFileSync(join(dir, 'syslog-ng.json'), JSON.stringify({ MESSAGE: meraki, ISODATE: '2024-05-01T12:00:00+00:00', HOST: 'relay-01', SOURCEIP: '192.0.2.8' }) + '\n');
    const [fromRsyslog] = jsonl((await asim(['normalize', join(dir, 'rsyslog.json')])).stdout);
    const [fromSyslogNg] = jsonl((await asim(['normalize', join(dir, 'syslog-ng.json')])).stdout);
    expect(fromRsyslog).toMatchObject({ EventProduct: 'Meraki', DvcIpAddr: '192.0.2.7' });
    expect(fromSyslogNg).toMatchObject({ EventProduct: 'Meraki', DvcIpAddr: '192.0.2.8' });
  });
});
