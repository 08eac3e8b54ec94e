// Preloaded into every process the benchmark runs (NODE_OPTIONS=--require): when the process exits, it appends its
// own peak resident set size (KiB, getrusage) to the file named by HYPERDRIVE_BENCH_RSS.
const { appendFileSync } = require("node:fs");

const file = process.env.HYPERDRIVE_BENCH_RSS;
if (file) process.on("exit", () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
