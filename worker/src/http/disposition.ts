/**
 * How a download is named (RFC 6266): the name people read — unit, year, the form's title, what
 * the file is, in Chinese — as `filename*`, and an ASCII fallback with codes and ids for programs
 * and old clients. Every file the Worker offers goes through here (issue 23.4: ids only where a
 * program reads them).
 */

/** A file name part any file system takes: no separators or control characters, at most 80. */
export function safeName(name: string): string {
  return [...name]
    .map((ch) => (ch < " " || '\\/:*?"<>|'.includes(ch) ? "_" : ch))
    .join("")
    .slice(0, 80);
}

export function disposition(kind: "inline" | "attachment", ascii: string, name: string): string {
  const fallback = ascii.replace(/[^A-Za-z0-9._-]/g, "_");
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(safeName(name))}`;
}
