/**
 * The self-hosted server's configuration: environment variables, checked at start. Every problem
 * is reported at once, zh-CN then en-US, and the server does not start. docs/SELF-HOSTING.md
 * lists the variables.
 */
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isOfficeJsSetting, type OfficeJsSetting } from "../src/site/office-js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

export interface Config {
  port: number;
  /** The address to listen on (127.0.0.1 behind a proxy on the same machine). */
  host: string;
  /** The SQLite file (created when missing). */
  db: string;
  /** The public origin users reach (the manifest, CORS and the pages name it). */
  origin: string;
  officeJs: OfficeJsSetting;
  tls: { cert: Buffer; key: Buffer } | null;
  /** Addresses of reverse proxies whose client-address header is believed. */
  trustedProxies: Set<string>;
  /** The header a trusted proxy puts the client's address in (lower case). */
  clientIpHeader: string;
  /** dist/addin: the pane's files. */
  assets: string;
  /** The @microsoft/office-js package's dist/ (served at /office-js/ when officeJs is self). */
  officeJsDir: string;
  logRequests: boolean;
  /** Days a new credential works (the Worker's CREDENTIAL_DAYS); 0: no expiry. */
  credentialDays: number;
  /** Failed authentications per client address and minute before 429 (AUTH_FAILURES_PER_MINUTE). */
  authFailuresPerMinute: number;
  migrations: string;
  wranglerToml: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: { zh: string; en: string }[]) {
    super(
      [
        "配置有误,服务器未启动:",
        ...problems.map((p) => `  - ${p.zh}`),
        "The configuration is wrong; the server did not start:",
        ...problems.map((p) => `  - ${p.en}`),
      ].join("\n"),
    );
  }
}

/** `::ffff:10.0.0.1` → `10.0.0.1` (an IPv4 client on a dual-stack socket). */
export function plainAddress(a: string): string {
  return a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: { zh: string; en: string }[] = [];
  const bad = (zh: string, en: string) => problems.push({ zh, en });

  const portText = env.PORT ?? "8080";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    bad(
      `PORT 应为 0–65535 的端口号,而不是「${portText}」。`,
      `PORT must be a port number 0–65535, not "${portText}".`,
    );

  const host = env.XXGK_HOST ?? "127.0.0.1";
  if (!isIP(host))
    bad(
      `XXGK_HOST 应为监听的 IP 地址(如 127.0.0.1 或 0.0.0.0),而不是「${host}」。`,
      `XXGK_HOST must be the IP address to listen on (e.g. 127.0.0.1 or 0.0.0.0), not "${host}".`,
    );

  const db = env.XXGK_DB ? resolve(env.XXGK_DB) : "";
  if (!db)
    bad(
      "请用 XXGK_DB 指定数据库文件(不存在时自动创建),例如 /var/lib/xxgk/xxgk.sqlite。",
      "Set XXGK_DB to the database file (created when missing), e.g. /var/lib/xxgk/xxgk.sqlite.",
    );
  else if (!existsSync(dirname(db)))
    bad(
      `数据库文件所在的目录 ${dirname(db)} 不存在。`,
      `The database file's directory ${dirname(db)} does not exist.`,
    );

  let origin = "";
  if (!env.XXGK_ORIGIN) {
    bad(
      "请用 XXGK_ORIGIN 指定用户访问本服务器的地址,例如 https://xxgk.example.gov.cn。",
      "Set XXGK_ORIGIN to the address users reach this server at, e.g. https://xxgk.example.gov.cn.",
    );
  } else {
    try {
      const u = new URL(env.XXGK_ORIGIN);
      const local = u.hostname === "localhost" || u.hostname === "127.0.0.1";
      if (u.protocol !== "https:" && !(u.protocol === "http:" && local)) throw new Error("scheme");
      if (u.pathname !== "/" || u.search || u.hash) throw new Error("path");
      origin = u.origin;
    } catch {
      bad(
        `XXGK_ORIGIN 应为 https:// 开头、不带路径的地址(Office 只加载 https 的加载项;仅本机试用可用 http://localhost),而不是「${env.XXGK_ORIGIN}」。`,
        `XXGK_ORIGIN must be an https:// origin without a path (Office loads add-ins over https only; http://localhost for a trial on this machine), not "${env.XXGK_ORIGIN}".`,
      );
    }
  }

  const officeJs = (env.XXGK_OFFICE_JS ?? "microsoft").trim().toLowerCase();
  if (!isOfficeJsSetting(officeJs))
    bad(
      `XXGK_OFFICE_JS 应为 microsoft、21vianet 或 self,而不是「${env.XXGK_OFFICE_JS}」。`,
      `XXGK_OFFICE_JS must be microsoft, 21vianet or self, not "${env.XXGK_OFFICE_JS}".`,
    );

  let tls: Config["tls"] = null;
  const certFile = env.XXGK_TLS_CERT;
  const keyFile = env.XXGK_TLS_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    bad(
      "XXGK_TLS_CERT 与 XXGK_TLS_KEY 须同时给出(证书文件和私钥文件)。",
      "XXGK_TLS_CERT and XXGK_TLS_KEY go together (the certificate file and the key file).",
    );
  } else if (certFile && keyFile) {
    try {
      tls = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
    } catch (e) {
      bad(
        `无法读取证书或私钥文件:${(e as Error).message}`,
        `Cannot read the certificate or key file: ${(e as Error).message}`,
      );
    }
  }

  const trusted = (env.XXGK_TRUSTED_PROXIES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const a of trusted)
    if (!isIP(a))
      bad(
        `XXGK_TRUSTED_PROXIES 应为逗号分隔的反向代理 IP 地址,「${a}」不是 IP 地址。`,
        `XXGK_TRUSTED_PROXIES must be reverse proxies' IP addresses separated by commas; "${a}" is not one.`,
      );
  const clientIpHeader = (env.XXGK_CLIENT_IP_HEADER ?? "X-Forwarded-For").trim().toLowerCase();
  if (!/^[a-z0-9-]+$/.test(clientIpHeader))
    bad(
      `XXGK_CLIENT_IP_HEADER 应为请求头名称,而不是「${env.XXGK_CLIENT_IP_HEADER}」。`,
      `XXGK_CLIENT_IP_HEADER must be a header name, not "${env.XXGK_CLIENT_IP_HEADER}".`,
    );
  if (env.XXGK_CLIENT_IP_HEADER && trusted.length === 0)
    bad(
      "XXGK_CLIENT_IP_HEADER 只在设置了 XXGK_TRUSTED_PROXIES 时有效:否则任何人都能自填地址,绕过频率限制。",
      "XXGK_CLIENT_IP_HEADER needs XXGK_TRUSTED_PROXIES: otherwise anyone could name their own address and escape the rate limits.",
    );

  const assets = resolve(env.XXGK_ASSETS ?? join(ROOT, "dist/addin"));
  if (!existsSync(join(assets, "taskpane.html")))
    bad(
      `${assets} 中没有任务窗格页面:请先运行 npm run build:addin。`,
      `${assets} has no task pane: run npm run build:addin first.`,
    );
  const officeJsDir = join(ROOT, "node_modules/@microsoft/office-js/dist");
  if (officeJs === "self" && !existsSync(join(officeJsDir, "office.js")))
    bad(
      "XXGK_OFFICE_JS=self 需要 @microsoft/office-js 包:请运行 npm ci。",
      "XXGK_OFFICE_JS=self needs the @microsoft/office-js package: run npm ci.",
    );

  // The Worker reads these two as vars and falls back quietly on nonsense; here a typo stops the
  // start instead of silently making credentials that never expire.
  const credentialDays = wholeNumber(env.XXGK_CREDENTIAL_DAYS, 365, 0);
  if (credentialDays === null)
    bad(
      `XXGK_CREDENTIAL_DAYS 应为新凭据的有效天数(整数,0 表示永不过期),而不是「${env.XXGK_CREDENTIAL_DAYS}」。`,
      `XXGK_CREDENTIAL_DAYS must be the days a new credential works (a whole number, 0: no expiry), not "${env.XXGK_CREDENTIAL_DAYS}".`,
    );
  const authFailuresPerMinute = wholeNumber(env.XXGK_AUTH_FAILURES_PER_MINUTE, 20, 1);
  if (authFailuresPerMinute === null)
    bad(
      `XXGK_AUTH_FAILURES_PER_MINUTE 应为同一地址每分钟允许的认证失败次数(不小于 1 的整数),而不是「${env.XXGK_AUTH_FAILURES_PER_MINUTE}」。`,
      `XXGK_AUTH_FAILURES_PER_MINUTE must be the failed authentications one address may make per minute (a whole number, at least 1), not "${env.XXGK_AUTH_FAILURES_PER_MINUTE}".`,
    );

  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    db,
    origin,
    officeJs: officeJs as OfficeJsSetting,
    tls,
    trustedProxies: new Set(trusted.map(plainAddress)),
    clientIpHeader,
    assets,
    officeJsDir,
    logRequests: (env.XXGK_LOG_REQUESTS ?? "on") !== "off",
    credentialDays: credentialDays!,
    authFailuresPerMinute: authFailuresPerMinute!,
    migrations: join(ROOT, "worker/migrations"),
    wranglerToml: join(ROOT, "wrangler.toml"),
  };
}

/** A whole number ≥ min (the fallback when unset), or null when it is not one. */
function wholeNumber(text: string | undefined, fallback: number, min: number): number | null {
  if (text === undefined || text.trim() === "") return fallback;
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && Number.isSafeInteger(n) ? n : null;
}

/**
 * The client's address: the socket's, or, from a trusted proxy only, what its header says (for
 * X-Forwarded-For the rightmost address that is not itself a trusted proxy). Whatever a client
 * sends in CF-Connecting-IP or any other header is never believed on its own.
 */
export function clientAddress(
  remote: string,
  header: string | null,
  config: Pick<Config, "trustedProxies" | "clientIpHeader">,
): string {
  const peer = plainAddress(remote);
  if (!config.trustedProxies.has(peer) || !header) return peer;
  const hops = header
    .split(",")
    .map((s) => plainAddress(s.trim()))
    .filter((s) => isIP(s));
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!config.trustedProxies.has(hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? peer;
}
