/**
 * The add-in manifest for one origin, generated from the committed template (the root
 * manifest.xml, written for https://localhost:8787). Pure: `npm run manifest` and the Worker's
 * `GET /manifest.xml` both call it, so a deployment never edits XML by hand.
 */

/**
 * The WHATWG URL parser, present in every runtime shared code runs in (browsers, Workers, Node);
 * declared here because shared/ compiles without any platform's types.
 */
declare const URL: new (input: string) => {
  protocol: string;
  hostname: string;
  username: string;
  password: string;
  pathname: string;
  search: string;
  hash: string;
  origin: string;
};

/** The origin the committed manifest.xml is written for (`npm start`). */
export const TEMPLATE_ORIGIN = "https://localhost:8787";

const AT_TEMPLATE_ORIGIN = new RegExp(
  `(?<=["'>])${TEMPLATE_ORIGIN.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(?=[/"'<])`,
  "g",
);

/** Hosts that may be served over plain http (a developer's own machine). */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export type OriginCheck =
  { ok: true; origin: string } | { ok: false; message: { zh: string; en: string } };

function bad(zh: string, en: string): OriginCheck {
  return { ok: false, message: { zh, en } };
}

/**
 * The origin an add-in may be served from: `https://host[:port]` (http only for localhost), with
 * nothing after it. Office loads add-in pages over https only.
 */
export function checkAddinOrigin(input: string): OriginCheck {
  const text = input.trim().replace(/\/$/, "");
  let url: InstanceType<typeof URL>;
  try {
    url = new URL(text);
  } catch {
    return bad(
      `「${input.slice(0, 100)}」不是网址;应为 https://域名 的形式。`,
      `"${input.slice(0, 100)}" is not a URL; use https://host.`,
    );
  }
  const local = LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    return bad(
      `加载项必须通过 HTTPS 提供(仅 localhost 可用 http),收到「${url.protocol}」。`,
      `An add-in must be served over HTTPS (http only for localhost), got "${url.protocol}".`,
    );
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/") {
    return bad(
      `源地址只能包含协议、域名和端口(例如 https://xxgk.example.gov.cn),收到「${input.slice(0, 100)}」。`,
      `An origin is scheme, host and port only (e.g. https://xxgk.example.gov.cn), got "${input.slice(0, 100)}".`,
    );
  }
  return { ok: true, origin: url.origin };
}

/**
 * Every http(s) URL a manifest points Office at: attribute values (namespace declarations left
 * out: they are names, not addresses) and element text, comments left out.
 */
export function manifestUrls(xml: string): string[] {
  const body = xml.replace(/<!--[\s\S]*?-->/g, "");
  const urls: string[] = [];
  for (const m of body.matchAll(
    /([\w:.-]+)=["'](https?:\/\/[^"'<\s]+)["']|>\s*(https?:\/\/[^<\s]+)\s*</g,
  )) {
    if (m[3] !== undefined) urls.push(m[3]);
    else if (!m[1]!.startsWith("xmlns")) urls.push(m[2]!);
  }
  return urls;
}

/**
 * The template with every URL at TEMPLATE_ORIGIN (pages, icons, AppDomains) moved to `origin`.
 * The add-in's Id and Version stay as committed. The template's comments (notes for developers)
 * are replaced by one saying the file is generated. Throws on a bad origin or template.
 */
export function manifestForOrigin(template: string, origin: string): string {
  const checked = checkAddinOrigin(origin);
  if (!checked.ok) throw new Error(checked.message.en);
  const at = manifestUrls(template).filter((u) => u.startsWith(TEMPLATE_ORIGIN));
  if (at.length === 0) throw new Error(`the template has no URL at ${TEMPLATE_ORIGIN}`);
  const moved = template
    .replace(/<!--[\s\S]*?-->\s*/g, "")
    // Only a whole origin: followed by a path, a closing quote or the end of element text.
    .replace(AT_TEMPLATE_ORIGIN, checked.origin);
  const left = manifestUrls(moved).filter(
    (u) => u === TEMPLATE_ORIGIN || u.startsWith(`${TEMPLATE_ORIGIN}/`),
  );
  if (checked.origin !== TEMPLATE_ORIGIN && left.length > 0) {
    throw new Error(`URLs at ${TEMPLATE_ORIGIN} were not moved: ${left.join(", ")}`);
  }
  const note = `<!-- Generated for ${checked.origin} from manifest.xml (npm run manifest, or GET /manifest.xml on the server). Do not edit. -->\n`;
  const decl = /^<\?xml[^>]*\?>\s*/.exec(moved);
  return decl ? decl[0] + note + moved.slice(decl[0].length) : note + moved;
}
