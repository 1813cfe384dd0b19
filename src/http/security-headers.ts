/**
 * Security headers (helmet) on every response. The headers never change here, so helmet runs once, at start, on a
 * stand-in response, and every request gets the header list it produced, set by one synchronous onRequest hook (a
 * helmet middleware per request re-derives all twelve, the CSP string included, through twelve chained functions).
 * The same headers as before (src/http/security-headers.test.ts holds them).
 */
import http from "node:http";
import type { FastifyInstance } from "fastify";
import helmet from "helmet";

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "blob:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", "data:"],
};

/** The [name, value] pairs helmet sets with the app's settings (it throws on a bad setting, at start). */
export function securityHeaders(): Array<[string, string]> {
  const req = new http.IncomingMessage(null as never);
  const res = new http.ServerResponse(req);
  let failed: unknown;
  helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES } })(req, res, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return Object.entries(res.getHeaders()).map(([k, v]) => [k, String(v)]);
}

let computed: Array<[string, string]> | undefined;
/** securityHeaders(), computed once per process (the move's fast path sets the same list, src/opportunities/move-fast-routes.ts). */
export const securityHeaderList = (): Array<[string, string]> => (computed ??= securityHeaders());

export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaderList();
  app.addHook("onRequest", (_req, reply, done) => {
    const res = reply.raw;
    for (let i = 0; i < headers.length; i++) res.setHeader(headers[i][0], headers[i][1]);
    done();
  });
}
