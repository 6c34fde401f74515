import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Flow-log lines the tests share: the default v2 format and AWS's v5 "all fields" example, each with its header.
export const V2_HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
export const V5_HEADER =
  'version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id ' +
  'region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status';
export const V2_LINE = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
export const V5_LINE =
  '5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 ' +
  'i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 52.95.128.179 - S3 8 egress OK';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

/** Each raw fixture (`.log`): its name, its lines without terminators, and its `--opt` settings. */
export function rawFixtures(): { name: string; lines: string[]; options: Record<string, string> }[] {
  const names = readdirSync(fixtures);
  return names
    .filter((f) => f.endsWith('.log'))
    .map((name) => {
      const optionsName = name.replace(/\.log$/, '.options.json');
      const options = names.includes(optionsName) ? (JSON.parse(readFileSync(`${fixtures}/${optionsName}`, 'utf8')) as Record<string, string>) : {};
      const lines = readFileSync(`${fixtures}/${name}`, 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
      return { name, lines, options };
    });
}
