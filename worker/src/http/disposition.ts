/**
 * How a download is named (RFC 6266): the name people read — unit, year, the form's title, what
 * the file is, in Chinese — as `filename*`, and an ASCII fallback with codes and ids for programs
 * and old clients. Every file the Worker offers goes through here (issue 23.4: ids only where a
 * program reads them).
 */

/**
 * A file name part any file system takes: no separators, control characters or half a
 * surrogate pair (a name typed into the unit sheet may hold one), at most 80 characters.
 */
export function safeName(name: string): string {
  return [...name]
    .map((ch) => (ch < " " || '\\/:*?"<>|'.includes(ch) || /^[\ud800-\udfff]$/.test(ch) ? "_" : ch))
    .slice(0, 80)
    .join("");
}

export function disposition(kind: "inline" | "attachment", ascii: string, name: string): string {
  const fallback = ascii.replace(/[^A-Za-z0-9._-]/g, "_") || "download";
  const shown = safeName(name) || fallback;
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(shown)}`;
}
