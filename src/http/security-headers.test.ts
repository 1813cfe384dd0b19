/** The security headers every response carries: the set @fastify/helmet sent with the app's CSP, kept when it was replaced by one prebuilt helmet. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadConfig } from "../config";
import { openDb } from "../db/connect";
import { buildBase } from "./base";
import type { App } from "./plugin";

// Copied from a response of the server before the change (helmet 8 defaults plus the app's directives).
const EXPECTED = {
  "content-security-policy":
    "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'self';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests;connect-src 'self'",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-frame-options": "SAMEORIGIN",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
};

const handle = openDb(":memory:");
let app: App;
beforeAll(async () => {
  app = await buildBase({ handle, config: loadConfig({ JOBS: "0" } as NodeJS.ProcessEnv) });
  app.get("/api/v1/open", { config: { public: true } }, async () => ({ ok: true }));
  app.get("/api/v1/closed", async () => ({ ok: true }));
  app.get("/page", async (_req, reply) => reply.type("text/html").send("<p>hi</p>"));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

const securityHeaders = (h: Record<string, unknown>) => Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, h[k]]));

test("a 200, a 401, a 404 and a page all carry the same security headers", async () => {
  for (const [url, status] of [
    ["/api/v1/open", 200],
    ["/api/v1/closed", 401],
    ["/nothing", 404],
    ["/page", 200],
  ] as const) {
    const r = await app.inject({ url });
    expect(r.statusCode, url).toBe(status);
    expect(securityHeaders(r.headers), url).toEqual(EXPECTED);
    expect(r.headers["x-powered-by"], url).toBeUndefined();
  }
});

test("the headers are the same on every request (nothing is built per request that could drift)", async () => {
  const a = await app.inject({ url: "/api/v1/open" });
  const b = await app.inject({ url: "/api/v1/open" });
  expect(securityHeaders(b.headers)).toEqual(securityHeaders(a.headers));
});
