/**
 * The Workers rate-limiting bindings of wrangler.toml, in process: the same names and the same
 * numbers (read from wrangler.toml itself, so the two deployments cannot drift), one fixed window
 * per key. One server process holds every counter, so a count is exact (Cloudflare's are
 * per location and approximate).
 */
import { readFileSync } from "node:fs";

export interface LimitRule {
  limit: number;
  /** Seconds. */
  period: number;
}

/** `[[ratelimits]]` of a wrangler.toml: name → { limit, period }. */
export function rateLimitRules(toml: string): Record<string, LimitRule> {
  const out: Record<string, LimitRule> = {};
  for (const block of toml.split(/^\[\[ratelimits\]\]\s*$/m).slice(1)) {
    const body = block.split(/^\[/m)[0]!;
    const name = /^name\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    const simple = /^simple\s*=\s*\{\s*limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)\s*\}/m.exec(body);
    if (!name || !simple)
      throw new Error(
        `wrangler.toml: a [[ratelimits]] block without name or simple = { limit, period }`,
      );
    out[name] = { limit: Number(simple[1]), period: Number(simple[2]) };
  }
  return out;
}

export function readRateLimitRules(file: string): Record<string, LimitRule> {
  return rateLimitRules(readFileSync(file, "utf8"));
}

/** A `RateLimit` binding: at most `limit` calls per key in each `period`-second window. */
export class WindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private calls = 0;

  constructor(
    readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  async limit({ key }: { key: string }): Promise<{ success: boolean }> {
    const t = this.now();
    const ms = this.rule.period * 1000;
    if (++this.calls % 10_000 === 0) this.sweep(t, ms);
    let w = this.windows.get(key);
    if (!w || t - w.start >= ms) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return { success: w.count <= this.rule.limit };
  }

  /** Forget expired windows, so a flood of distinct keys cannot grow the map without bound. */
  private sweep(t: number, ms: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= ms) this.windows.delete(k);
  }
}
