/**
 * The outbound webhook of 催报: a group robot of the government messaging platforms, configured
 * per installation (env `REMINDER_WEBHOOK_URL`, optional `REMINDER_WEBHOOK_SECRET` and
 * `REMINDER_WEBHOOK_STYLE`). `dingtalk` (default; 浙政钉 robots take the same body): a `text`
 * message, `atMobiles`, and with a secret the `timestamp` + `sign` (HMAC-SHA256) query the robot
 * checks. `wecom` (企业微信): a `text` message with `mentioned_mobile_list`.
 */
export interface WebhookConfig {
  url: string;
  secret: string | null;
  style: "dingtalk" | "wecom";
}

export function webhookConfig(env: {
  REMINDER_WEBHOOK_URL?: string;
  REMINDER_WEBHOOK_SECRET?: string;
  REMINDER_WEBHOOK_STYLE?: string;
}): WebhookConfig | null {
  const url = env.REMINDER_WEBHOOK_URL?.trim();
  if (!url) return null;
  return {
    url,
    secret: env.REMINDER_WEBHOOK_SECRET?.trim() || null,
    style: env.REMINDER_WEBHOOK_STYLE === "wecom" ? "wecom" : "dingtalk",
  };
}

/** The robot's request body. */
export function webhookBody(cfg: WebhookConfig, content: string, mobiles: string[]): unknown {
  return cfg.style === "wecom"
    ? { msgtype: "text", text: { content, mentioned_mobile_list: mobiles } }
    : { msgtype: "text", text: { content }, at: { atMobiles: mobiles, isAtAll: false } };
}

/** DingTalk's signature: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). */
export async function dingtalkSign(secret: string, timestamp: number): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, enc.encode(`${timestamp}\n${secret}`)),
  );
  return btoa(String.fromCharCode(...mac));
}

export async function webhookUrl(cfg: WebhookConfig, nowMs: number): Promise<string> {
  if (cfg.style !== "dingtalk" || !cfg.secret) return cfg.url;
  const u = new URL(cfg.url);
  u.searchParams.set("timestamp", String(nowMs));
  u.searchParams.set("sign", await dingtalkSign(cfg.secret, nowMs));
  return u.toString();
}

/** Post the message; the robot's own verdict (`errcode` 0) decides `sent`. Never throws. */
export async function postWebhook(
  cfg: WebhookConfig,
  content: string,
  mobiles: string[],
  nowMs: number,
): Promise<{ delivery: "sent" | "failed"; detail: string }> {
  try {
    const res = await fetch(await webhookUrl(cfg, nowMs), {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify(webhookBody(cfg, content, mobiles)),
      signal: AbortSignal.timeout(15_000),
    });
    const text = (await res.text()).slice(0, 500);
    let errcode: unknown = 0;
    try {
      errcode = (JSON.parse(text) as { errcode?: unknown }).errcode ?? 0;
    } catch {
      errcode = res.ok ? 0 : -1;
    }
    const ok = res.ok && errcode === 0;
    return { delivery: ok ? "sent" : "failed", detail: `HTTP ${res.status} ${text}`.slice(0, 500) };
  } catch (e) {
    return { delivery: "failed", detail: String(e).slice(0, 500) };
  }
}
