/**
 * Security headers (helmet) on every response. @fastify/helmet builds a new helmet middleware — parsing the CSP
 * directives and creating each header's function — on every request, and adds two hooks (one async); the headers
 * never change here, so the middleware is built once and applied by one synchronous onRequest hook. The same
 * headers as before (src/http/security-headers.test.ts holds them).
 */
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

export function installSecurityHeaders(app: FastifyInstance): void {
  const apply = helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES } });
  // helmet throws (rather than calling back) on a bad setting; both reach Fastify's error handler
  app.addHook("onRequest", (req, reply, done) => apply(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
}
