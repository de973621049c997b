/** A number as messages show it: up to 4 decimals, no float noise, no grouping. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const rounded = Math.round(n * 10_000) / 10_000;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Fill `{name}` placeholders; unknown names stay as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
