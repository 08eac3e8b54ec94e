// The terminal conventions: whether to colour (no-color.org, FORCE_COLOR as supports-color reads it, --color /
// --no-color first) and whether we run in CI (as ci-info decides: CI=false says no). No imports: cli.ts loads it.

/** ci-info's vendor-neutral variables: any of them set (and CI not "false") means a CI run. */
const CI_VARIABLES = ["CI", "CONTINUOUS_INTEGRATION", "BUILD_ID", "BUILD_NUMBER", "CI_APP_ID", "CI_BUILD_ID", "CI_BUILD_NUMBER", "CI_NAME", "RUN_ID"];

/** The variable that says this is CI, or undefined when it is not. */
export function ciVariable(env: Record<string, string | undefined>): string | undefined {
  if (env.CI === "false") return undefined;
  return CI_VARIABLES.find((name) => Boolean(env[name]));
}

/**
 * Colour, as Output takes it: `--color`/`--no-color` decide; else FORCE_COLOR when present (`0` or `false` off, anything
 * else on, even off a terminal); else NO_COLOR when present and not empty (off); else each stream is coloured when it is
 * a terminal.
 */
export function colourChoice(env: Record<string, string | undefined>, flag: boolean | undefined): { noColor: boolean; forceColor: boolean } {
  if (flag !== undefined) return { noColor: !flag, forceColor: flag };
  if (env.FORCE_COLOR !== undefined) {
    const on = env.FORCE_COLOR !== "0" && env.FORCE_COLOR.toLowerCase() !== "false";
    return { noColor: !on, forceColor: on };
  }
  return { noColor: Boolean(env.NO_COLOR), forceColor: false };
}

/**
 * The width a table is fitted to: COLUMNS when it is a positive whole number (a request, even when the output is piped),
 * else the terminal's width when stdout is a terminal (80 if it does not say); otherwise undefined — piped or
 * redirected output gets every column in full, as gh and git do, and scripts read --json anyway.
 */
export function tableWidth(env: Record<string, string | undefined>, stdout: { isTTY?: boolean; columns?: number }): number | undefined {
  const asked = env.COLUMNS?.trim();
  if (asked && /^\d+$/.test(asked) && Number(asked) > 0) return Number(asked);
  if (!stdout.isTTY) return undefined;
  return stdout.columns && stdout.columns > 0 ? stdout.columns : 80;
}
