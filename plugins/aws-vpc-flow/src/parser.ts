import type { NetworkSession } from '@asimkit/schema';
import { z, type RawDecoder, type SniffSample, type SourceParser, type StreamContext, type TableRow, type Skip } from '@asimkit/sdk';
import { formatField, parseFormat, rawFieldsFor } from './format.js';
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
