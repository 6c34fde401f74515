import { formatDuration, type Alert, type ReportData, type RuleUsage, type WatchlistRule } from '@asimkit/detector';
import type { AccountingLog, RunAccounting } from './accounting-log.js';
import { renderSvg, ruleChart, topPortsChart } from './charts.js';

export interface ReportMeta {
  title: string;
  /** Where the thresholds came from: the watchlist file, or the default watchlist. */
  watchlist: string;
  /** The files the report was made from. */
  inputs: string[];
  generatedAt: Date;
  accounting?: AccountingLog;
}

/**
 * One self-contained HTML page: inline CSS and SVG, no script, and a Content-Security-Policy that
 * forbids fetching anything, so the file opens the same offline, attached to a ticket, or archived.
 */
export async function renderReport(data: ReportData, meta: ReportMeta): Promise<string> {
  const specs = [...(data.topPorts.length ? [topPortsChart(data.topPorts)] : []), ...data.rules.map(ruleChart)];
  const svgs = await renderSvg(specs);
  const portsSvg = data.topPorts.length ? svgs.shift()! : '';
  const fired = data.rules.filter((r) => r.bins.some((b) => b.fired)).length;
  const range = data.firstBin ? `${short(data.firstBin)} → ${short(new Date(Date.parse(data.lastBin!) + data.binSize).toISOString())}` : 'no bin';
  const basis =
    data.basis === 'summary'
      ? 'usage from summary rows: every bin of the range'
      : 'no summary rows given: usage is known only in the bins where alerts fired';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="asimkit asim report">
<title>${esc(meta.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(meta.title)}</h1>
<p class="lede">Detect port misuse by static threshold: <strong>${data.alerts.length}</strong> alert(s); ${fired} of ${data.rules.length + data.quietRules.length} rule(s) with a threshold fired.</p>
<dl class="facts">
<dt>Range</dt><dd>${esc(range)} (${data.binCount} bin(s) of ${esc(formatDuration(data.binSize))})</dd>
<dt>Basis</dt><dd>${esc(basis)}</dd>
<dt>Watchlist</dt><dd>${esc(meta.watchlist)}</dd>
<dt>Inputs</dt><dd>${meta.inputs.map((i) => `<code>${esc(i)}</code>`).join(', ')}</dd>
<dt>Generated</dt><dd>${esc(meta.generatedAt.toISOString())}</dd>
</dl>
</header>
<main>
${meta.accounting ? accountingSection(meta.accounting) : ''}
<section id="top-ports"><h2>Top destination ports</h2>
${data.topPorts.length ? `<figure class="chart" data-chart="top-ports" data-bars="${data.topPorts.length}"><figcaption>${data.basis === 'summary' ? 'Sessions' : 'Alerted sessions (Sum)'} per destination port, the ${data.topPorts.length} largest.</figcaption>${portsSvg}</figure>` : '<p class="none">No session with a destination port.</p>'}
</section>
<section id="rules"><h2>Watchlist rules: usage per bin against the threshold</h2>
<p class="hint">Each bar is the largest count of one (port, protocol, direction, action) the rule matches in that bin; red bars crossed the dashed threshold and fired.</p>
${data.rules.map((r, i) => ruleFigure(r, svgs[i]!)).join('\n')}
${data.quietRules.length ? `<h3>Rules without matching sessions (${data.quietRules.length})</h3>${rulesTable(data.quietRules)}` : ''}
${data.disabledRules.length ? `<h3>Rules that never fire: Threshold not an integer (${data.disabledRules.length})</h3>${rulesTable(data.disabledRules)}` : ''}
</section>
<section id="alerts"><h2>Alerts</h2>
${alertsTable(data.alerts)}
</section>
</main>
</body>
</html>
`;
}

function ruleFigure(r: RuleUsage, svg: string): string {
  const fired = r.bins.filter((b) => b.fired).length;
  const rule = r.rule;
  return `<figure class="chart rule${fired ? ' fired' : ''}" data-chart="rule" data-rule="${rule.row}" data-bins="${r.bins.length}" data-fired="${fired}">
<figcaption><strong>${esc(rule.Name)}</strong> <span class="sev sev-${esc(rule.Severity.toLowerCase())}">${esc(rule.Severity)}</span> · ports ${esc(rule.Ports)} · protocol ${esc(rule.Protocol)} · direction ${esc(rule.Direction)} · action ${esc(rule.Action)} · threshold <strong>${r.threshold}</strong> · ${fired ? `<span class="fired">fired in ${fired} bin(s)</span>` : 'did not fire'} · peak ${r.peak} per bin<div class="desc">${esc(rule.Description.trim())}</div></figcaption>
${svg}
</figure>`;
}

function alertsTable(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return '<p class="none">No alerts.</p>';
  const head = ['Bin', 'Name', 'Severity', 'Tactic', 'Port', 'Protocols', 'Directions', 'Actions', 'Sum', 'Threshold', 'Description'];
  const techniques = [...new Set(alerts.flatMap((a) => a.Techniques))];
  const rows = alerts.map(
    (a) =>
      `<tr><td class="nowrap">${esc(short(a.BinStart))} → ${esc(short(a.BinEnd))}</td><td>${esc(a.Name)}</td><td>${esc(a.Severity)}</td><td>${esc(a.Tactic)}</td><td class="num">${a.DstPortNumber}</td><td>${esc(a.NetworkProtocols.join(', '))}</td><td>${esc(a.NetworkDirections.join(', '))}</td><td>${esc(a.DvcActions.join(', '))}</td><td class="num">${a.Sum}</td><td class="num">${a.Threshold}</td><td class="desc">${esc(a.Description.trim())}</td></tr>`,
  );
  return `<p class="hint">${alerts.length} alert(s); MITRE ATT&amp;CK techniques: ${esc(techniques.join(', '))}. Sum is the count that exceeded Threshold in the bin.</p>
<div class="scroll"><table class="alerts"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

function rulesTable(rules: readonly WatchlistRule[]): string {
  const rows = rules.map((r) => `<tr><td>${esc(r.Name)}</td><td>${esc(r.Ports)}</td><td>${esc(r.Protocol)}</td><td>${esc(r.Direction)}</td><td>${esc(r.Action)}</td><td class="num">${r.Threshold ?? '—'}</td><td>${esc(r.Severity)}</td></tr>`);
  return `<table class="rules"><thead><tr><th>Name</th><th>Ports</th><th>Protocol</th><th>Direction</th><th>Action</th><th>Threshold</th><th>Severity</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function accountingSection(log: AccountingLog): string {
  const runs = log.runs.map(runRow).join('\n');
  const notes = log.notes.map((n) => `<li>${esc(n)}</li>`).join('');
  return `<section id="accounting"><h2>Accounting</h2>
${log.runs.length ? `<table class="accounting"><thead><tr><th>read</th><th>parsed</th><th>skipped</th><th>rejected</th><th>emitted</th><th>read = parsed + skipped + rejected</th></tr></thead><tbody>${runs}</tbody></table>` : '<p class="none">No accounting line in the log.</p>'}
${notes ? `<ul class="notes">${notes}</ul>` : ''}
</section>`;
}

function runRow(r: RunAccounting): string {
  const balanced = r.read === r.parsed + r.skipped + r.rejected;
  const by = (list: [string, number][]) => (list.length ? `<div class="by">${list.map(([k, v]) => `${esc(k)} ${v}`).join('<br>')}</div>` : '');
  return `<tr><td class="num">${r.read}</td><td class="num">${r.parsed}</td><td class="num">${r.skipped}${by(r.skippedBy)}</td><td class="num">${r.rejected}${by(r.rejectedBy)}</td><td class="num">${r.emitted}</td><td>${balanced ? 'balanced' : '<strong class="fired">does not balance</strong>'}${r.rest ? `<div class="by">${esc(r.rest)}</div>` : ''}</td></tr>`;
}

function short(iso: string): string {
  return iso.replace(/:00\.000Z$/, 'Z').replace('T', ' ');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
body{font:14px/1.45 "DejaVu Sans",Verdana,sans-serif;color:#1d1d1f;margin:0;background:#f6f7f9}
header,main{max-width:1180px;margin:0 auto;padding:0 24px}
header{padding-top:20px}
h1{font-size:22px;margin:8px 0}
h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #d8dbe0;padding-bottom:4px}
h3{font-size:14px;margin:20px 0 8px}
.lede{font-size:15px;margin:4px 0 10px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;color:#444}
dl.facts dt{font-weight:bold}
dl.facts dd{margin:0}
table{border-collapse:collapse;background:#fff;width:100%;font-size:12.5px}
th,td{border:1px solid #d8dbe0;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef0f3}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.nowrap{white-space:nowrap}
td.desc{min-width:260px}
table.alerts td{white-space:nowrap}
table.alerts td.desc{white-space:normal}
.scroll{max-height:640px;overflow:auto;border:1px solid #d8dbe0}
.scroll th{position:sticky;top:0}
.by{color:#555;font-size:11.5px;text-align:left}
figure.chart{background:#fff;border:1px solid #d8dbe0;margin:0 0 12px;padding:8px 10px}
figure.chart.fired{border-left:4px solid #c62828}
figcaption{font-size:12.5px;margin-bottom:4px}
figcaption .desc{color:#555}
.fired{color:#c62828}
.sev{font-size:11px;padding:0 5px;border-radius:3px;background:#e5e7eb}
.sev-high{background:#fde2e1}
.hint,.none{color:#555}
ul.notes{font-family:monospace;font-size:12px;color:#333}
`;
