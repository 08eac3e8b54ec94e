// How bench.mjs states a target: the ratio as printed and the verdict agree. Two decimals, unless the two-decimal
// figure would read as the limit itself while the ratio misses it (1.504 against ≤ 1.5): then three, so the line
// never says "1.50× ≤ 1.5× NOT met".

/** @returns {{ shown: string, met: boolean }} */
export function verdict(value, op, limit) {
  const met = op === "≤" ? value <= limit : value >= limit;
  let shown = value.toFixed(2);
  if (!met && Number(shown) === limit) shown = value.toFixed(3);
  if (!met && Number(shown) === limit) shown = value.toFixed(4);
  return { shown, met };
}
