import type { NetworkSession } from '@asimkit/schema';
import { SyslogFamilyParser, timezoneOption, z, type Skip, type StreamContext, type SyslogRow, type TableRow } from '@asimkit/sdk';
import { APP_NAME, rowFromSyslog } from './decoder.js';
import { map__Pascal__ } from './mapping.js';

const optionsSchema = z.object({ timezone: timezoneOption });
export type __Pascal__Options = z.infer<typeof optionsSchema>;

/**
 * __VENDOR__ __PRODUCT__ syslog: raw lines through the shared `syslog` codec, and exported Syslog
 * rows; both are this plugin's when their ProcessName is `__APP__`.
 */
export class __Pascal__Parser extends SyslogFamilyParser<__Pascal__Options> {
  readonly id = '__ID__';
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = { timezone: 'IANA zone or offset for syslog header times without a zone; default UTC' };
  // splittable: SyslogFamilyParser's lines are independent, so a large file is split among threads

  claimsRow(row: TableRow): boolean {
    return row.ProcessName === APP_NAME;
  }

  map(row: SyslogRow, ctx: StreamContext<__Pascal__Options>): NetworkSession | Skip {
    return map__Pascal__(rowFromSyslog(row), 'Syslog', ctx.receivedAt);
  }
}
