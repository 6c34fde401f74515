// only a terminal shows a bar, so only a terminal loads the library
const cliProgress = process.stderr.isTTY ? (await import('cli-progress')).default : undefined;

/** A progress bar on stderr for long file work, only when stderr is a terminal. */
export function progressBar(): { update(bytes: number, total: number | undefined): void; stop(): void } {
  if (!cliProgress) return { update() {}, stop() {} };
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  return {
    update(bytes, total) {
      if (!total || total < 8 << 20) return; // small inputs finish before a bar helps
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: 'asim [{bar}] {percentage}% | {value}/{total} MiB | ETA {eta}s', clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.ceil(total / 1048576), 0);
      }
      bar.update(Math.floor(bytes / 1048576));
    },
    stop() {
      bar?.stop();
    },
  };
}
