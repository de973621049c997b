/**
 * Connecting to the server: the address check (https only, except this computer), the token,
 * who the credential is (GET /me) and which forms it serves (GET /forms).
 */
import { looksLikeInviteCode } from "../../../shared/api/invite-code";
import { connectApi } from "../common/api-client";
import { t, type StringKey } from "../common/i18n";
import type { PaneCore } from "./core";

/**
 * A server address the pane may send a bearer token to: https, or http to this computer only
 * (`localhost`, `127.0.0.1`, `[::1]`: `npm start` without a certificate, the browser tests).
 */
export function checkServer(
  address: string,
): { ok: true; server: string } | { ok: false; key: StringKey } {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return { ok: false, key: "serverInvalid" };
  }
  if (url.username || url.password) return { ok: false, key: "serverInvalid" };
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol === "https:" || (url.protocol === "http:" && local))
    return { ok: true, server: address.trim().replace(/\/+$/, "") };
  if (url.protocol === "http:") return { ok: false, key: "serverInsecure" };
  return { ok: false, key: "serverInvalid" };
}

export class ConnectionRole {
  constructor(private readonly core: PaneCore) {}

  /**
   * Connect with a token or an invite code (redeemed for a token first); either is sent only to
   * an address checkServer accepts.
   */
  async connect(server: string, token: string): Promise<boolean> {
    const core = this.core;
    const checked = checkServer(server);
    if (!checked.ok) {
      core.disconnected({ forgetToken: false });
      core.say("error", t(core.lang, checked.key, { url: server }));
      return false;
    }
    const ok = await core.guard(async () => {
      // An invite code is redeemed once for a token; the token is what is kept.
      if (looksLikeInviteCode(token)) {
        const anon = connectApi({ server: checked.server, token: "" }, core.deps.fetcher);
        const redeemed = await anon.redeemInvite(token);
        if (!redeemed.ok) {
          core.disconnected({ forgetToken: false });
          core.say("error", core.failureText(redeemed));
          return false;
        }
        token = redeemed.data.token;
      }
      const api = connectApi({ server: checked.server, token }, core.deps.fetcher);
      const me = await api.me();
      if (!me.ok) {
        core.disconnected({ forgetToken: false });
        core.say("error", core.failureText(me));
        return false;
      }
      core.connected({ server: checked.server, token, me: me.data, api });
      core.deps.store.save({ server: checked.server, token });
      const forms = await api.forms();
      if (forms.ok) core.servedForms(forms.data.forms);
      core.clearNotice();
      return true;
    });
    return ok === true;
  }

  disconnect(): void {
    const core = this.core;
    core.deps.store.clear();
    core.disconnected({ forgetToken: true });
  }
}
