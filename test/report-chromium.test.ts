import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asim, jsonl, ROOT, tempDir } from './helpers.js';

/**
 * `asim report` as a person sees it: Debian's chromium (scripts/ensure-chromium) opens the HTML
 * file, and what rendered is checked against the data the report was made from. The screenshot
 * is kept in test/artifacts/.
 */
const ARTIFACTS = join(ROOT, 'test/artifacts');
const BIN_MS = 600_000;
const FIRED = '#c62828';

interface Rendered {
  errors: string[];
  /** Every URL the page asked for. */
  requests: string[];
}

let context: BrowserContext;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'asimkit-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 1600 },
  });
});
afterAll(async () => {
  await context?.close();
});

async function open(file: string): Promise<{ page: Page } & Rendered> {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors, requests };
}

/** Bars of each chart: how many, and how many are drawn in the "fired" colour. */
async function chartBars(page: Page, selector: string): Promise<{ rule: string | null; bars: number; fired: number; caption: string }[]> {
  return page.$$eval(
    selector,
    (figures, firedColour) =>
      figures.map((f) => {
        const bars = [...f.querySelectorAll('svg path[aria-roledescription="bar"]')];
        return {
          rule: f.getAttribute('data-rule'),
          bars: bars.length,
          fired: bars.filter((b) => b.getAttribute('fill') === firedColour).length,
          caption: f.querySelector('figcaption')?.textContent ?? '',
        };
      }),
    FIRED,
  );
}

describe('asim report in Chromium', () => {
  it('renders summary rows and their alerts: a chart per active rule with one bar per bin, red exactly where an alert fired', async () => {
    const input = join(ROOT, 'examples');
    const rowsFile = join(dir, 'rows.jsonl');
    const logFile = join(dir, 'summarize.log');
    const summarized = await asim(['summarize', '--out', rowsFile, input]);
    expect(summarized.code).toBe(0);
    writeFileSync(logFile, summarized.stderr);
    const alertsRun = await asim(['detect', '--all-bins', '--summary', rowsFile, '--format', 'jsonl']);
    expect(alertsRun.code).toBe(0);
    const alertsFile = join(dir, 'alerts.jsonl');
    writeFileSync(alertsFile, alertsRun.stdout);
    const alerts = jsonl(alertsRun.stdout);
    const rows = jsonl(readFileSync(rowsFile, 'utf8'));
    const starts = rows.map((r) => Date.parse(String(r.EventTime_t)));
    const expectedBins = (Math.max(...starts) - Math.min(...starts)) / BIN_MS + 1;
    const portTotals = new Map<number, number>();
    for (const r of rows) if (r.DstPortNumber_d !== undefined) portTotals.set(Number(r.DstPortNumber_d), (portTotals.get(Number(r.DstPortNumber_d)) ?? 0) + Number(r.count__d));
    const topPort = [...portTotals].sort((a, b) => b[1] - a[1])[0]![0];

    const html = join(dir, 'report.html');
    const r = await asim(['report', '--summary', rowsFile, '--alerts', alertsFile, '--accounting', logFile, '--out', html]);
    expect(r.stderr).toContain(`asim: report: ${expectedBins} bin(s)`);
    expect(r.code).toBe(0);

    const { page, errors, requests } = await open(html);
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);

    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(html).href]); // self-contained: nothing else is fetched

    const rules = await chartBars(page, 'figure[data-chart="rule"]');
    expect(rules.length).toBeGreaterThan(3);
    for (const chart of rules) expect(chart.bars).toBe(expectedBins);
    // each single-port rule's red bars are its alerts (the default watchlist's High-risk Ports rows)
    let checked = 0;
    for (const chart of rules) {
      const m = /ports (\d+) · protocol (\w+) · direction \* · action (\w+)/.exec(chart.caption);
      if (!m || !chart.caption.startsWith('High-risk Ports')) continue;
      const own = alerts.filter((a) => a.Name === 'High-risk Ports' && a.DstPortNumber === Number(m[1]) && (a.NetworkProtocols as string[]).includes(m[2]!) && chart.caption.endsWith(String(a.Description).trim()));
      expect(chart.fired, chart.caption).toBe(new Set(own.map((a) => a.BinStart)).size);
      checked++;
    }
    expect(checked).toBeGreaterThan(2);
    expect(rules.reduce((n, c) => n + c.fired, 0)).toBeGreaterThan(0);

    const [ports] = await chartBars(page, 'figure[data-chart="top-ports"]');
    expect(ports!.bars).toBe(Math.min(10, portTotals.size));
    const firstPortLabel = await page.$eval('figure[data-chart="top-ports"] svg path[aria-roledescription="bar"]', (p) => p.getAttribute('aria-label') ?? '');
    expect(firstPortLabel).toContain(String(topPort));

    expect(await page.$$eval('table.alerts tbody tr', (trs) => trs.length)).toBe(alerts.length);
    const accounting = await page.$eval('table.accounting tbody tr', (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
    expect(accounting[0]).toBe(/read (\d+)/.exec(summarized.stderr)![1]);
    expect(accounting[5]).toContain('balanced');
    await page.close();
  });

  it('renders a detect run alone: every chart spans the bins of its alerts', async () => {
    const run = await asim(['detect', '--all-bins', '--format', 'jsonl', join(ROOT, 'examples/aws-vpc-flow')]);
    expect(run.code).toBe(0);
    const alerts = jsonl(run.stdout);
    expect(alerts.length).toBeGreaterThan(0);
    const alertsFile = join(dir, 'vpc-alerts.jsonl');
    writeFileSync(alertsFile, run.stdout);
    const starts = alerts.map((a) => Date.parse(String(a.BinStart)));
    const expectedBins = (Math.max(...starts) - Math.min(...starts)) / BIN_MS + 1;
    const html = join(dir, 'alerts-only.html');
    expect((await asim(['report', '--alerts', alertsFile, '--out', html])).code).toBe(0);

    const { page, errors, requests } = await open(html);
    expect(errors).toEqual([]);
    expect(requests.length).toBe(1);
    expect(await page.textContent('body')).toContain('usage is known only in the bins where alerts fired');
    const rules = await chartBars(page, 'figure[data-chart="rule"]');
    expect(rules.length).toBeGreaterThan(0);
    for (const chart of rules) expect(chart.bars).toBe(expectedBins);
    // every bar with usage fired (only alerts are known), and together they are the alerts' bins per rule
    expect(rules.reduce((n, c) => n + c.fired, 0)).toBeGreaterThan(0);
    expect(await page.$$eval('table.alerts tbody tr', (trs) => trs.length)).toBe(alerts.length);
    await page.close();
  });

  it('a broken alerts file is a usage error naming the line', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"Name":"x"}\n');
    const r = await asim(['report', '--alerts', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:1: not an alert of asim detect --format jsonl`);
  });
});
