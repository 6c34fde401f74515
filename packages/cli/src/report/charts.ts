import type { PortTotal, RuleUsage } from '@asimkit/detector';

/**
 * Charts as static SVG, drawn by Vega-Lite at report time (loaded only by `asim report`), so the
 * page needs no script and fetches nothing when viewed. Each bar is a `path` with
 * `aria-roledescription="bar"` and an aria-label of its values.
 */
type VegaLiteSpec = Record<string, unknown>;

const BAR = '#4e79a7';
const FIRED = '#c62828';
const FONT = 'DejaVu Sans, Verdana, sans-serif';

/** Usage per bin of one rule: bars (red where the rule fired) and its threshold as a dashed line. */
export function ruleChart(usage: RuleUsage): VegaLiteSpec {
  return {
    width: 760,
    height: 130,
    data: { values: usage.bins.map((b) => ({ start: b.start, end: b.end, usage: b.usage, fired: b.fired })) },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'start', type: 'temporal', scale: { type: 'utc' }, title: 'bin start (UTC)', axis: { format: '%H:%M', labelOverlap: true, labelAngle: 0 } },
          x2: { field: 'end' },
          y: { field: 'usage', type: 'quantitative', title: 'sessions' },
          y2: { datum: 0 },
          color: { condition: { test: 'datum.fired', value: FIRED }, value: BAR },
        },
      },
      {
        mark: { type: 'rule', color: FIRED, strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { y: { datum: usage.threshold } },
      },
    ],
  };
}

/** Sessions (or alerted Sums) per destination port, the largest first. */
export function topPortsChart(ports: readonly PortTotal[]): VegaLiteSpec {
  return {
    width: 560,
    height: { step: 22 },
    data: { values: ports.map((p) => ({ port: String(p.port), sessions: p.sessions })) },
    mark: { type: 'bar', color: BAR },
    encoding: {
      y: { field: 'port', type: 'nominal', sort: '-x', title: 'destination port' },
      x: { field: 'sessions', type: 'quantitative', title: 'sessions' },
    },
  };
}

/** Renders Vega-Lite specs to SVG strings, in order. */
export async function renderSvg(specs: readonly VegaLiteSpec[]): Promise<string[]> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const out: string[] = [];
  for (const spec of specs) {
    const compiled = vegaLite.compile({ ...spec, config: { font: FONT, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 } } } as never).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    out.push(await view.toSVG());
    view.finalize();
  }
  return out;
}
