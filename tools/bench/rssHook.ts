/**
 * Loaded with `node --import` into a CLI process the bench spawns: on exit, reports the process's
 * peak resident set size on stderr, so the bench measures the real `vtwin` command.
 */
process.on('exit', () => {
  process.stderr.write(`\nvtwin-bench-maxrss-kb=${process.resourceUsage().maxRSS}\n`);
});
