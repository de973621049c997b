/** A small, dependency-free timing harness: batches of calls, median and p95 per call. */
export interface Measurement {
  name: string;
  medianUs: number;
  p95Us: number;
  opsPerSec: number;
}

export function measure(
  name: string,
  fn: () => unknown,
  opts: { batches?: number; perBatch?: number } = {},
): Measurement {
  const batches = opts.batches ?? 200;
  const perBatch = opts.perBatch ?? 500;
  for (let i = 0; i < perBatch * 20; i++) fn(); // warm up the JIT
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fn();
    const t1 = process.hrtime.bigint();
    samples.push(Number(t1 - t0) / 1000 / perBatch);
  }
  samples.sort((a, b) => a - b);
  const medianUs = samples[Math.floor(samples.length / 2)]!;
  const p95Us = samples[Math.floor(samples.length * 0.95)]!;
  return { name, medianUs, p95Us, opsPerSec: 1e6 / medianUs };
}

export function table(rows: Measurement[], baseline?: string): string {
  const base = rows.find((r) => r.name === baseline);
  const lines = [
    "| case | median µs/form | p95 µs/form | forms/s | vs. baseline |",
    "|---|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const ratio = base ? `${(base.medianUs / r.medianUs).toFixed(1)}×` : "";
    lines.push(
      `| ${r.name} | ${r.medianUs.toFixed(2)} | ${r.p95Us.toFixed(2)} | ${Math.round(r.opsPerSec).toLocaleString("en")} | ${ratio} |`,
    );
  }
  return lines.join("\n");
}
