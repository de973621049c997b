/**
 * 导出公开版(网页) and Word: the clerk's own report or a supervisor's rollup, published by the Worker
 * (`?format=html|docx`). A link cannot send the bearer token, so the file is fetched with it and
 * handed to the browser as a blob download.
 */
import type { PublishFormat } from "../../../shared/api/supervision";
import { t } from "../common/i18n";
import type { PaneCore } from "./core";

/** Hands a downloaded file to the user. */
export type Saver = (blob: Blob, filename: string) => void;

/** The browser's download of a blob: a temporary object URL on an `<a download>`. */
export function browserSaver(doc: Document): Saver {
  return (blob, filename) => {
    const url = URL.createObjectURL(blob);
    const a = doc.createElement("a");
    a.href = url;
    a.download = filename;
    a.hidden = true;
    doc.body.appendChild(a);
    a.click();
    a.remove();
    // The download has started from the click; the URL is no longer needed after it.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
}

export class PublishRole {
  constructor(private readonly core: PaneCore) {}

  /** `report`: the clerk's own unit; `rollup`: the supervisor's chosen unit. */
  async publish(kind: "report" | "rollup", format: PublishFormat): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      if (!core.api || !core.me) {
        core.say("error", t(core.lang, "notConnected"));
        return;
      }
      const unit = kind === "report" ? core.me.unit.code : core.unitCode;
      const path = core.api.publishPath(kind, unit, core.formId, core.year, format);
      const res = await core.api.download(path);
      if (!res.ok) {
        core.say("error", core.failureText(res));
        return;
      }
      (core.deps.save ?? browserSaver(document))(res.data.blob, res.data.filename);
      core.say("info", t(core.lang, "downloaded", { file: res.data.filename }));
    });
  }
}
