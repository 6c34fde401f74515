// pnpm bench input for the detector's memory: every record its own cell.
import { writeLines } from './common.mjs';

/** The bins the records cycle through: record i is in bin i % BINS, at port ⌊i / BINS⌋ mod 65536. */
export const CELL_BINS = 16;
/** The first bin's start (epoch seconds, a multiple of 600). */
export const CELL_START = 1764547200;

export const GENERATORS = {
  /**
   * VPC flow v2 lines each with its own (10-minute bin, destination port): as many cells as lines,
   * the worst case for a detector's memory. Consecutive lines are in different bins, so a run that
   * keeps only one window's cells cannot rely on the file's order.
   */
  'vpc-v2-cells': {
    source: 'aws-vpc-flow',
    /** The case: a million cells, whatever `--records` says. */
    records: 1_000_000,
    /** Peak RSS the two detect modes must stay under (MiB); `now` is in the file's last bin, so its run counts the bin before. */
    memory: { now: new Date((CELL_START + CELL_BINS * 600 - 60) * 1000).toISOString(), nowMiB: 300, allBinsMiB: 400 },
    async write(path, n) {
      await writeLines(path, n, 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status', (i) => {
        const bin = i % CELL_BINS;
        const port = Math.floor(i / CELL_BINS) % 65536;
        const start = CELL_START + bin * 600 + 7 + (i % 500);
        return `2 123456789012 eni-0a1b2c3d4e5f60718 10.0.${(i >> 8) & 255}.${i & 255} 172.31.5.9 49152 ${port} 6 3 180 ${start} ${start + 30} ACCEPT OK`;
      });
    },
  },
};
