/**
 * The name a download is saved under, read from its `Content-Disposition` (RFC 6266): the UTF-8
 * `filename*` people read (worker/src/http/disposition.ts writes it), else the ASCII `filename`,
 * else `fallback`. One reader for the pane, the filing page and the API client.
 */
export function downloadName(header: string | null, fallback: string): string {
  const cd = header ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // a malformed escape: the ASCII name below
    }
  }
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? fallback;
}
