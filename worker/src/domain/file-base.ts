/**
 * Which revision an uploaded report file may replace (issue 23), decided without storage. A file
 * records the revision it was downloaded at and its download's id (`XXGK_META`); each revision
 * stored from a file records that id. So the clerk who uploads, fixes the same file and uploads
 * again is not asked for anything: the current revision came from this very file. A file based on
 * an older revision that someone else replaced since is refused in plain words (who sent which 版次
 * when), unless the clerk explicitly chose 「仍用此文件覆盖」 for that current revision.
 *
 * Programs keep the JSON API's preconditions (If-Match): this applies only when a file is
 * uploaded without If-Match.
 */
import { chinaTime } from "../../../shared/china-time";
import type { Role } from "../../../shared/api/schemas";
import { refusal, type Refusal } from "./refusal";

/** The current revision as a file upload needs it: its number, source, time and sender. */
export interface CurrentFileRevision {
  revision: number;
  /** The download id of the file it was stored from; null for the JSON API. */
  fileId: string | null;
  submittedAt: string;
  by: { unitName: string; role: Role };
}

/** What an uploaded file says about its base, and what the clerk chose. */
export interface FileUpload {
  /** The download id in the file; null for a file written before issue 23. */
  id: string | null;
  /** The revision the file was downloaded at; null when there was none yet. */
  basedOn: number | null;
  /** The clerk chose 「仍用此文件覆盖」 for this current revision (`?overwrite=N`). */
  overwrite: number | null;
}

const ROLE = {
  zh: { clerk: "填报员", supervisor: "审核员", admin: "管理员" },
  en: { clerk: "a clerk", supervisor: "a supervisor", admin: "an administrator" },
} satisfies Record<"zh" | "en", Record<Role, string>>;

/** The refusal of a file based on an older revision: who sent the current one, and what to do. */
export function outdatedFile(file: FileUpload, current: CurrentFileRevision): Refusal {
  const at = chinaTime(current.submittedAt) ?? current.submittedAt;
  const sender = `「${current.by.unitName}」的${ROLE.zh[current.by.role]}`;
  const base =
    file.basedOn === null
      ? "该文件是在报表尚未报送时下载的"
      : `该文件是根据第 ${file.basedOn} 版下载的`;
  const baseEn =
    file.basedOn === null
      ? "This file was downloaded before any revision was sent"
      : `This file was downloaded at revision ${file.basedOn}`;
  return refusal(
    "precondition-failed",
    `${base},而 ${sender}已于 ${at} 报送了第 ${current.revision} 版。请下载最新的报表文件,在其中修改后再上传;如确认以此文件的内容为准,可选择「仍用此文件覆盖」。`,
    `${baseEn}, but ${ROLE.en[current.by.role]} of ${current.by.unitName} sent revision ${current.revision} at ${at} (China time). Download the latest report file and make your changes there, or choose "Overwrite with this file anyway".`,
    {
      currentRevision: current.revision,
      basedOn: file.basedOn,
      sentAt: current.submittedAt,
      sentBy: { unit: current.by.unitName, role: current.by.role },
      overwrite: `?overwrite=${current.revision}`,
    },
  );
}

/** May the file replace the current revision? Null when it may; the plain-words refusal if not. */
export function checkFileBase(
  file: FileUpload,
  current: CurrentFileRevision | null,
): Refusal | null {
  if (current === null) return null;
  if (file.basedOn === current.revision) return null;
  if (file.id !== null && file.id === current.fileId) return null;
  if (file.overwrite === current.revision) return null;
  return outdatedFile(file, current);
}
