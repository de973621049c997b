/**
 * The self-hosted server as `npm run serve` starts it (the same node flags, read from
 * package.json), in a process of its own, on a free port with a database in a temp directory.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../../e2e/support/server";

export { ROOT };

export interface Served {
  origin: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM; resolves with the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `npm run serve`'s command line, with this Node. */
export function serveCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const [node, ...args] = pkg.scripts.serve!.split(/\s+/);
  if (node !== "node") throw new Error("npm run serve no longer starts with node");
  return [process.execPath, ...args];
}

/** Run the server with `env` (PORT=0 unless given) and wait for its "listening" line. */
export async function startServe(env: Record<string, string>): Promise<Served> {
  const [bin, ...args] = serveCommand();
  const child = spawn(bin!, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const reap = () => child.exitCode === null && child.kill("SIGKILL");
  process.once("exit", reap);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = out.split("\n").find((l) => l.includes('"event":"listening"'));
      if (line) {
        clearInterval(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm run serve exited (${code}):\n${out}`));
    });
  });
  return {
    origin,
    child,
    output: () => out,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      process.off("exit", reap);
      return code;
    },
  };
}

/** Run the server expecting it to refuse to start: its exit code and output. */
export async function refusedServe(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const [bin, ...args] = serveCommand();
  const child = spawn(bin!, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  return { code, output: out };
}
