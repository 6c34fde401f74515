// Preloaded into the measured `asim` process (node --require): writes its peak RSS in KiB to
// $ASIMKIT_BENCH_RSS_FILE at exit. Worker threads share the process, so they are included.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.ASIMKIT_BENCH_RSS_FILE) writeFileSync(process.env.ASIMKIT_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
