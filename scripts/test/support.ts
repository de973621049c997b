/** Running the deploy scripts and wrangler from a test, the way a newcomer runs them. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { ENV, ROOT, WRANGLER } from "../../e2e/support/server";
import { freePort } from "../../e2e/support/ports";

export { ROOT };
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run <script> -- args` without npm's own output: tsx on the script's file. */
export function script(file: string, args: string[]): Ran {
  return exec(process.execPath, [TSX, join(ROOT, file), ...args]);
}

export function wrangler(args: string[]): Ran {
  return exec(process.execPath, [WRANGLER, ...args]);
}

function exec(cmd: string, args: string[]): Ran {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: ENV, encoding: "utf8", maxBuffer: 1 << 26 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The tokens a bootstrap printed (`<20 chars>.<43 chars>` on a line of its own). */
export function printedTokens(stdout: string): string[] {
  return [...stdout.matchAll(/^\s+([a-z0-9]{20}\.[A-Za-z0-9_-]{43})$/gm)].map((m) => m[1]!);
}

export interface Dev {
  origin: string;
  stop(): Promise<void>;
}

/** `wrangler dev` with the given flags, up once /api/v1/me answers 401 to no token. */
export async function startDev(flags: string[]): Promise<Dev> {
  const port = await freePort();
  const inspector = await freePort();
  const args = [
    ...["dev", "--ip", "127.0.0.1", "--port", String(port)],
    ...["--inspector-port", String(inspector), "--show-interactive-dev-session=false"],
    ...flags,
  ];
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env: ENV,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const stop = () => stopGroup(child);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const status = await fetch(`${origin}/api/v1/me`).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 401) return { origin, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not come up:\n${out.slice(-4000)}`);
}

/** Kill wrangler and its workerd (the process group it leads), and wait for it. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const gone = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    return Promise.resolve();
  }
  return gone;
}
