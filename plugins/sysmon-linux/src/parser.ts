import type { NetworkSession } from '@asimkit/schema';
import { SyslogFamilyParser, timezoneOption, z, type Skip, type StreamContext, type SyslogRow, type TableRow } from '@asimkit/sdk';
import { claimsSysmonLinuxRow, mapSysmonLinux } from './mapping.js';

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
}
