// Value readers shared by the raw and table forms: MAC addresses, Azure resource ids, table
// datetimes and numbers.

const MAC_HEX = /^[0-9A-Fa-f]{12}$/;
const MAC_SEPARATED = /^[0-9A-Fa-f]{2}([-:])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$/;

/**
 * A MAC as NSG flow logs (`000D3AF8801A`), Traffic Analytics (`00-0D-3A-F8-80-1A`) or anyone else
 * (`00:0d:3a:f8:80:1a`) writes it → `00:0D:3A:F8:80:1A` (ASIM: colon-separated); undefined when
 * the text is not a MAC.
 */
export function normalizeMac(text: string): string | undefined {
  let hex: string;
  if (MAC_HEX.test(text)) hex = text;
  else if (MAC_SEPARATED.test(text)) hex = text.replace(/[-:]/g, '');
  else return undefined;
  hex = hex.toUpperCase();
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}

/** The parts of an ARM resource id we use: `/subscriptions/{sub}/.../{name}` (any case). */
export function resourceIdParts(id: string): { subscriptionId: string | undefined; name: string | undefined } {
  const m = /^\/subscriptions\/([^/]+)/i.exec(id);
  const trimmed = id.endsWith('/') ? id.slice(0, -1) : id;
  const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return { subscriptionId: m?.[1], name: last === '' ? undefined : last };
}

const ZONELESS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * A table datetime (ISO-8601, `2019-02-12 14:22:40.697` as pandas writes it, epoch ms as a JSON
 * number) → epoch ms; zone-less text is UTC (Log Analytics datetimes are). Undefined when empty,
 * NaN when present but not a datetime.
 */
export function tableInstant(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  const s = String(v).trim();
  if (s === '') return undefined;
  const m = ZONELESS.exec(s);
  if (m) return Date.parse(`${m[1]}T${m[2]}Z`);
  // only ISO-like text: Date.parse also takes "Feb 12 2019" in the machine's zone
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(s) : Number.NaN;
}

/**
 * A table number that must be a whole number (`443`, `443.0` as Log Analytics exports `real`
 * columns, a JSON number) → integer; undefined when empty, NaN when not a whole number.
 */
export function tableWholeNumber(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Number.NaN;
  const s = String(v).trim();
  if (s === '') return undefined;
  return /^-?\d+(?:\.0*)?$/.test(s) ? Number(s) : Number.NaN;
}

/** A port number 0–65535. */
export function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 65535;
}
