/** One JSON line per event, keyed by the request id (Workers Logs indexes the fields). */
export function log(requestId: string, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ requestId, ...fields });
  if (fields.level === "error") console.error(line);
  else if (fields.level === "warn") console.warn(line);
  else console.log(line);
}
