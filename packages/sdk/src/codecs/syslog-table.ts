import { RecordRejected } from '../errors.js';
import type { NetworkSession } from '@asimkit/schema';
import type { z } from '@asimkit/vendor/zod';
import { skip, type Arrival, type RawDecoder, type RowCodec, type RowOutput, type Skip, type SniffSample, type SourceParser, type StreamContext, type TableRow } from '../parser.js';
import { DecoderViaCodec } from './common-security-log.js';
import { parseSyslogEnvelope, scanIsoTimestamp, syslogTimeOptions, WallClock, type SyslogCodecOptions, type SyslogEnvelope, type SyslogTimeOptions } from './syslog.js';
import { portalDateToIso } from './table-export.js';
import { cellText } from '../values.js';

/**
 * Sentinel's `Syslog` table: what the agent writes for a syslog message that is neither CEF nor a
 * Cisco ASA line. Several sources share it (Cisco Meraki, Sysmon for Linux, ...), each claiming its
 * rows by the filter its Microsoft parser uses (`claimsRow`), so a relay file mixing devices is
 * split among the plugins per line, as CommonSecurityLog rows are.
 *
 * One row shape for both forms: the `syslog` codec builds it from a raw line (header fields from the
 * envelope, `SyslogMessage` = the text after the header), `syslogRowFromTable` from an exported row.
 */
export interface SyslogRow {
  /** The message's time: the syslog header's timestamp (raw form), the collection time (exports). */
  TimeGenerated?: string;
  /** The header's timestamp, when it had one. */
  EventTime?: string;
  /** Host the message came from (header HOSTNAME; the agent's host name for exports). */
  Computer?: string;
  /** The header's HOSTNAME. */
  HostName?: string;
  /** Address of the sender (a listener's peer), when known. */
  HostIP?: string;
  /** `kern`, `user`, ..., `local7`, as Sentinel names facilities. */
  Facility?: string;
  /** `emerg`, `alert`, `crit`, `err`, `warning`, `notice`, `info`, `debug`. */
  SeverityLevel?: string;
  /** The header's APP-NAME / TAG (`sysmon`, `sshd`). */
  ProcessName?: string;
  ProcessID?: number;
  /** The message after the syslog header (exports: as stored). */
  SyslogMessage: string;
  CollectorHostName?: string;
  _ResourceId?: string;
  Type: 'Syslog';
  /** Raw form only: the syslog envelope the codec parsed (absent when the line had none). */
  __syslog?: SyslogEnvelope;
  /** Raw form only: the whole line as received, header included (Meraki's epoch may sit in a relay's header area). */
  __line?: string;
}

/** Facility names as the Syslog table stores them (RFC 5424 numbering). */
export const SYSLOG_FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'audit', 'alert', 'clock', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;

/** Severity names as the Syslog table stores them (RFC 5424 numbering). */
export const SYSLOG_SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/** Raw line → Syslog row: the envelope's fields, and the message after it. Throws only `bad-timestamp` (see parseSyslogEnvelope). */
export function syslogRowFromLine(line: string, time: SyslogTimeOptions): SyslogRow {
  const { envelope, messageStart } = parseSyslogEnvelope(line, time);
  const row: SyslogRow = { SyslogMessage: messageStart > 0 ? line.slice(messageStart) : line, Type: 'Syslog', __line: line };
  if (envelope === undefined) return row;
  row.__syslog = envelope;
  if (envelope.timestamp !== undefined) row.TimeGenerated = row.EventTime = envelope.timestamp;
  if (envelope.host !== undefined) row.Computer = row.HostName = envelope.host;
  if (envelope.facility !== undefined) row.Facility = SYSLOG_FACILITIES[envelope.facility];
  if (envelope.severity !== undefined) row.SeverityLevel = SYSLOG_SEVERITIES[envelope.severity];
  if (envelope.app !== undefined) row.ProcessName = envelope.app;
  if (envelope.procId !== undefined && /^\d{1,9}$/.test(envelope.procId)) row.ProcessID = Number(envelope.procId);
  return row;
}

const STRING_COLUMNS = ['Computer', 'HostName', 'HostIP', 'Facility', 'SeverityLevel', 'ProcessName', 'CollectorHostName', '_ResourceId'] as const;
const UTC = new WallClock(undefined);
const isoOut = { t: 0 };

/**
 * An exported Syslog row (CSV cells are strings, JSON exports may carry numbers) → typed row, or
 * the decoded row itself. Unknown columns are dropped; `bad-value` when ProcessID or a time is not one.
 */
export function syslogRowFromTable(row: TableRow): SyslogRow {
  if (row.__line !== undefined) return row as unknown as SyslogRow;
  const message = row.SyslogMessage;
  const out: SyslogRow = { SyslogMessage: typeof message === 'string' ? message : cellText(message), Type: 'Syslog' };
  for (const column of STRING_COLUMNS) {
    const v = row[column];
    if (v !== undefined && v !== null && v !== '') out[column] = cellText(v);
  }
  const time = tableTime('TimeGenerated', row.TimeGenerated);
  if (time !== undefined) out.TimeGenerated = time;
  const eventTime = tableTime('EventTime', row.EventTime);
  if (eventTime !== undefined) out.EventTime = eventTime;
  const pid = row.ProcessID;
  if (pid !== undefined && pid !== null && pid !== '') {
    const n = typeof pid === 'number' ? pid : typeof pid === 'string' ? Number(pid.trim()) : NaN;
    if (!Number.isSafeInteger(n)) throw new RecordRejected('bad-value', `Syslog column ProcessID "${cellText(pid)}" is not an integer`);
    out.ProcessID = n;
  }
  return out;
}

function tableTime(column: string, v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  let ms: number;
  if (typeof v === 'number') ms = v;
  else {
    const s = portalDateToIso(cellText(v).trim());
    ms = scanIsoTimestamp(s, 0, UTC, isoOut) === s.length ? isoOut.t : Date.parse(s);
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new RecordRejected('bad-value', `Syslog column ${column} "${cellText(v)}" is not a valid datetime`);
  return new Date(ms).toISOString();
}

/** How the pipeline names a Syslog row no enabled plugin claims (by process: a bounded set of reasons). */
export function describeSyslogRow(row: TableRow): string {
  const process = row.ProcessName;
  return `Syslog rows of process ${process === undefined || process === null || process === '' ? '(none)' : String(process)}`;
}

class SyslogStreamDecoder implements RawDecoder<TableRow> {
  constructor(
    private readonly time: SyslogTimeOptions,
    private readonly arrival: Arrival | undefined,
  ) {}
  decode(text: string, out: RowOutput<TableRow>): void {
    const row = syslogRowFromLine(text, this.time);
    if (this.arrival !== undefined) withArrival(row, this.arrival);
    out.row(row as unknown as TableRow);
  }
}

/** What the transport knew fills what the line did not say, as Sentinel's agent records it: the sender's host and address. */
function withArrival(row: SyslogRow, arrival: Arrival): void {
  if (row.Computer === undefined && arrival.host !== undefined) row.Computer = row.HostName = arrival.host;
  if (row.ProcessName === undefined && arrival.app !== undefined) row.ProcessName = arrival.app;
  if (arrival.peer !== undefined) row.HostIP = arrival.peer;
}

/**
 * The `syslog` codec: a raw line that no other codec or plugin claims → one `Syslog` row, which the
 * pipeline routes to the plugin whose `claimsRow` accepts it (Meraki by its header shape, Sysmon for
 * Linux by its process name). Option: `timezone` for zone-less header timestamps; default UTC.
 */
export const syslogCodec: RowCodec<SyslogCodecOptions> = {
  id: 'syslog',
  tables: ['Syslog'],
  // it takes any line: how sure a stream is syslog of ours is the share of its lines plugins claim, which the pipeline measures
  sniff: (_sample: SniffSample) => 0,
  createDecoder(ctx: StreamContext<SyslogCodecOptions>): RawDecoder<TableRow> {
    return new SyslogStreamDecoder(syslogTimeOptions(ctx.options, ctx.receivedAt), ctx.arrival);
  },
  describeRow: describeSyslogRow,
};

/**
 * The parser of a source whose records land in the Syslog table (Cisco Meraki, Sysmon for Linux):
 * raw lines through the shared `syslog` codec, exported rows through `syslogRowFromTable`, both
 * claimed by the plugin's `claimsRow` (its Microsoft parser's row filter). A plugin extends it with
 * its id, options, `claimsRow` and `map`.
 */
export abstract class SyslogFamilyParser<Options extends SyslogCodecOptions = SyslogCodecOptions> implements SourceParser<SyslogRow, Options> {
  abstract readonly id: string;
  readonly tables: readonly string[] = ['Syslog'];
  /** Syslog lines are independent (no header lines): large files are split among threads. */
  readonly splittable: boolean = true;
  abstract readonly optionsSchema: z.ZodType<Options>;
  abstract readonly optionsHelp: Readonly<Record<string, string>>;
  readonly rawCodec: RowCodec<Options> = syslogCodec;

  /** Whether the row (raw-decoded or exported) is this source's. */
  abstract claimsRow(row: TableRow): boolean;

  abstract map(row: SyslogRow, ctx: StreamContext<Options>): NetworkSession | Skip;

  private notMineSkip: Skip | undefined;

  /** The skip of a row this plugin does not claim (`not a <id> row`). */
  notMine(_row: TableRow): Skip {
    return (this.notMineSkip ??= skip(`not a ${this.id} row`));
  }

  fromTableRow(row: TableRow): SyslogRow | Skip {
    return this.claimsRow(row) ? syslogRowFromTable(row) : this.notMine(row);
  }

  /** Raw form for this plugin alone (`--source`, golden tests): the codec path, unclaimed lines skipped. */
  createDecoder(ctx: StreamContext<Options>): RawDecoder<SyslogRow> {
    return new DecoderViaCodec<SyslogRow, Options>(syslogCodec, this, ctx);
  }

  /** Table rows only, 0.9 × the share it claims: raw lines are routed per line to `claimsRow`. */
  sniff(sample: SniffSample): number {
    const rows = sample.rows?.filter((r) => r.SyslogMessage !== undefined);
    if (!rows || rows.length === 0) return 0;
    return (0.9 * rows.filter((r) => this.claimsRow(r)).length) / rows.length;
  }
}
