/**
 * What requestLog sets: every request has an id (X-Request-Id, problem bodies, audit lines). A leaf
 * of its own so that auth (which records failures under the id) and request-log (which logs the
 * caller) need not import each other.
 */
export type RequestIdVariables = { requestId: string };
