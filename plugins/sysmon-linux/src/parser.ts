import type { NetworkSession } from '@asimkit/schema';
import { SyslogFamilyParser, timezoneOption, z, type Skip, type SniffSample, type StreamContext, type SyslogRow, type TableRow } from '@asimkit/sdk';
import { claimsSysmonLinuxRow, isSysmonLinuxLine, mapSysmonLinux } from './mapping.js';

const optionsSchema = z.object({ timezone: timezoneOption });

export type SysmonLinuxOptions = z.infer<typeof optionsSchema>;

/**
 * Sysmon for Linux event 3 (NetworkConnect): raw syslog lines (`... sysmon: <Event>...</Event>`,
 * through the shared `syslog` codec, routed per line by `claimsRow`) and exported Syslog rows.
 */
export class SysmonLinuxParser extends SyslogFamilyParser<SysmonLinuxOptions> {
  readonly id = 'sysmon-linux';
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset for syslog header times without a zone (the records use their own UtcTime; this matters only for the header); default UTC',
  };

  claimsRow(row: TableRow): boolean {
    return claimsSysmonLinuxRow(row);
  }

  map(row: SyslogRow, ctx: StreamContext<SysmonLinuxOptions>): NetworkSession | Skip {
    return mapSysmonLinux(row, ctx.receivedAt);
  }

  /**
   * Syslog rows as the base class does (0.9 × the share claimed); raw lines too: 0.9 × the share of
   * lines that are Sysmon for Linux events, so a plain sysmon syslog file is read without --source
   * (the shared syslog codec itself does not sniff).
   */
  override sniff(sample: SniffSample): number {
    const lines = sample.lines?.filter((l) => l.trim() !== '');
    if (lines === undefined || lines.length === 0) return super.sniff(sample);
    return (0.9 * lines.filter(isSysmonLinuxLine).length) / lines.length;
  }
}
