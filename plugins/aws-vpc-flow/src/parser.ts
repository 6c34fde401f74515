import type { NetworkSession } from '@asimkit/schema';
import { z, type RawDecoder, type SniffSample, type SourceParser, type StreamContext, type TableRow, type Skip } from '@asimkit/sdk';
import { DEFAULT_FORMAT, formatField, parseFormat, rawFieldsFor } from './format.js';
import { VpcFlowDecoder } from './decoder.js';
import { mapFlow } from './mapping.js';
import type { AwsVpcFlowRow } from './row.js';
import { fromTable } from './table.js';

const optionsSchema = z.object({
  format: z
    .string()
    .optional()
    .superRefine((format, ctx) => {
      if (format === undefined) return;
      try {
        parseFormat(format);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
});

export type AwsVpcFlowOptions = z.infer<typeof optionsSchema>;

const LOG_STATUS_AT_END = / (OK|NODATA|SKIPDATA)$/;

/** `2 <account> eni-... <10 more fields> OK`: 14 space-separated fields, a v2 record of the default format. */
function isDefaultV2Line(line: string): boolean {
  if (line.charCodeAt(0) !== 50 /* 2 */ || line.charCodeAt(1) !== 32 || !LOG_STATUS_AT_END.test(line)) return false;
  let fields = 1;
  for (let i = line.indexOf(' '); i !== -1; i = line.indexOf(' ', i + 1)) fields++;
  return fields === 14 && line.includes(' eni-');
}

/** AWS VPC Flow Logs: raw text records (S3 objects, CloudWatch events) and AWSVPCFlow table rows. */
export class AwsVpcFlowParser implements SourceParser<AwsVpcFlowRow, AwsVpcFlowOptions> {
  readonly id = 'aws-vpc-flow';
  readonly tables = ['AWSVPCFlow'];
  /** Lines are independent; the only state is the header line, which a split range replays. */
  readonly splittable = true;
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    format:
      'field order for streams without a header line: AWS syntax "${version} ${srcaddr} ..." or a plain list; default: the v2 default format',
  };

  /**
   * Per-line routing (a shipper's archive, a listener): lines of the default v2 format, which need no
   * header (CloudWatch Logs' form), and that format's header line. Custom formats need the file's
   * header line, so such files are sniffed and read whole.
   */
  claimsLine(line: string): boolean {
    return line === DEFAULT_FORMAT || isDefaultV2Line(line);
  }

  createDecoder(ctx: StreamContext<AwsVpcFlowOptions>): RawDecoder<AwsVpcFlowRow> {
    return new VpcFlowDecoder(ctx.options.format, rawFieldsFor(ctx.fields));
  }

  fromTableRow(row: TableRow): AwsVpcFlowRow {
    return fromTable(row);
  }

  map(row: AwsVpcFlowRow, ctx: StreamContext<AwsVpcFlowOptions>): NetworkSession | Skip {
    return mapFlow(row, ctx.receivedAt);
  }

  sniff(sample: SniffSample): number {
    if (sample.rows) return sample.rows.some((r) => 'InterfaceId' in r && 'LogStatus' in r) ? 0.9 : 0;
    const lines = (sample.lines ?? []).filter((l) => l.trim() !== '');
    if (lines.length === 0) return 0;
    const tokens = lines[0]!.trim().split(/ +/);
    if (tokens.every((t) => formatField(t)) && tokens.length >= 3) return 0.95;
    const looksLikeFlow = (l: string) => / eni-[0-9a-f]+ /.test(` ${l} `) && /\b(OK|NODATA|SKIPDATA|ACCEPT|REJECT)\b/.test(l);
    const hits = lines.filter(looksLikeFlow).length;
    return (hits / lines.length) * 0.9;
  }
}
