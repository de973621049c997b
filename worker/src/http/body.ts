import { MAX_BODY_BYTES } from "../../../shared/api/schemas";
import { HttpProblem, problems } from "./problem";

function tooLarge(limit = MAX_BODY_BYTES): HttpProblem {
  return new HttpProblem(
    "body-too-large",
    `请求体不能超过 ${limit / 1024} KB。`,
    `The request body must not exceed ${limit / 1024} KB.`,
  );
}

/**
 * The client went away before the body it announced arrived (the stream broke): a client's
 * problem, not the server's, so a warning in the log, not an error.
 */
function incomplete(): HttpProblem {
  return new HttpProblem(
    "incomplete-body",
    "请求体不完整:连接在请求体传完之前中断。请重试。",
    "The request body is incomplete: the connection broke before it arrived. Retry the request.",
    {},
    {},
    "warn",
  );
}

/** The media type of a request (`application/json`), lower case, without parameters. */
export function mediaType(req: Request): string {
  return (req.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export function requireMediaType(req: Request, accepted: string[]): string {
  const type = mediaType(req);
  if (!accepted.includes(type)) {
    throw new HttpProblem(
      "unsupported-media-type",
      `请求体的 Content-Type 应为 ${accepted.join(" 或 ")},收到「${type || "(无)"}」。`,
      `The request body's Content-Type must be ${accepted.join(" or ")}, got "${type || "(none)"}".`,
    );
  }
  return type;
}

/**
 * The request body as UTF-8 text, read at most up to the limit (413 beyond it); 400
 * `incomplete-body` when the stream breaks or ends short of its Content-Length.
 */
export async function readText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const all = await readBytes(req, limit);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(all);
  } catch {
    throw problems.badRequest(
      "invalid-encoding",
      "请求体不是有效的 UTF-8 文本。",
      "The body is not valid UTF-8.",
    );
  }
}

/** The request body's bytes, read at most up to the limit (413 beyond it). */
export async function readBytes(req: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = req.headers.get("Content-Length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw incomplete();
    });
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const encoded = req.headers.get("Content-Encoding");
  if (declared !== null && !encoded && size < Number(declared)) throw incomplete();
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 200) : "";
    throw problems.badRequest(
      "malformed-json",
      `请求体不是有效的 JSON:${why}`,
      `The body is not valid JSON: ${why}`,
    );
  }
}
