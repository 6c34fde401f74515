/** An accounting line of a run (`asim: read N / parsed N / skipped N (…) / rejected N (…) / emitted N`), read back. */
export interface RunAccounting {
  read: number;
  parsed: number;
  skipped: number;
  skippedBy: [string, number][];
  rejected: number;
  rejectedBy: [string, number][];
  emitted: number;
  /** What follows `emitted N` (unrecognised files, failed inputs). */
  rest: string;
}

export interface AccountingLog {
  runs: RunAccounting[];
  /** The other summary lines of a run: `asim: detect: …`, `asim: sentinel: …`, warnings. */
  notes: string[];
}

const ACCOUNTING = /^asim: read (\d+) \/ parsed (\d+) \/ skipped (\d+)(?: \((.*?)\))? \/ rejected (\d+)(?: \((.*?)\))? \/ emitted (\d+)(.*)$/;
const NOTE = /^asim: (detect|sentinel|warning): /;

/** Reads the stderr of `asim detect`/`summarize`/`normalize` (`2> run.log`): accounting lines and the notes around them. */
export function parseAccountingLog(text: string): AccountingLog {
  const runs: RunAccounting[] = [];
  const notes: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = ACCOUNTING.exec(line);
    if (m) {
      runs.push({
        read: Number(m[1]),
        parsed: Number(m[2]),
        skipped: Number(m[3]),
        skippedBy: breakdown(m[4]),
        rejected: Number(m[5]),
        rejectedBy: breakdown(m[6]),
        emitted: Number(m[7]),
        rest: m[8]!.replace(/^ \/ /, ''),
      });
    } else if (NOTE.test(line)) {
      notes.push(line.slice('asim: '.length));
    }
  }
  return { runs, notes };
}

/** `log-status NODATA (no traffic) 24, header line 1` → [[reason, 24], [header line, 1]]. */
function breakdown(text: string | undefined): [string, number][] {
  if (!text) return [];
  return [...text.matchAll(/(.+?) (\d+)(?:, |$)/g)].map((m) => [m[1]!, Number(m[2])]);
}
