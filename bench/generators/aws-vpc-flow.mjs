// pnpm bench input for aws-vpc-flow.
import { rng, pick, flow, enis, writeLines } from './common.mjs';

export const GENERATORS = {
  /** S3-style object, default v2 format with its header line. */
  'vpc-v2': {
    source: 'aws-vpc-flow',
    async write(path, n) {
      const r = rng(2);
      const e = enis(r);
      await writeLines(path, n, 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status', (i) => {
        const f = flow(r, i, n, e);
        if (f.nodata) return `2 ${f.account} ${f.eni} - - - - - - - ${f.start} ${f.end} - NODATA`;
        return `2 ${f.account} ${f.eni} ${f.src} ${f.dst} ${f.srcport} ${f.dstport} ${f.proto} ${f.packets} ${f.packets * (40 + Math.floor(r() * 1400))} ${f.start} ${f.end} ${f.action} OK`;
      });
    },
  },
  /** The v5 "all fields" custom format of the AWS docs, with its header line. */
  'vpc-v5': {
    source: 'aws-vpc-flow',
    async write(path, n) {
      const r = rng(5);
      const e = enis(r);
      const vpc = 'vpc-0123456789abcdef0';
      await writeLines(
        path,
        n,
        'version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status',
        (i) => {
          const f = flow(r, i, n, e);
          const flags = f.proto === 6 ? pick(r, [2, 18, 19, 3, 1, 16, 24]) : 0;
          return `5 ${f.src} ${f.dst} ${f.srcport} ${f.dstport} ${f.proto} ${f.start} ${f.end} IPv4 ${f.packets} ${f.packets * 512} ${f.account} ${vpc} subnet-0aaaaaaaa11111111 i-0c50d5961bcb2d47b ${f.eni} us-east-1 use1-az4 - - ${f.action} ${flags} ${f.src} ${f.dst} - ${r() < 0.1 ? 'S3' : '-'} ${f.inbound ? '-' : 1 + Math.floor(r() * 8)} ${f.inbound ? 'ingress' : 'egress'} OK`;
        },
      );
    },
  },
};
