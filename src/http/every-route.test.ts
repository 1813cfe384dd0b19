import { beforeAll, expect, test } from "vitest";
import { generateDemo } from "../demo/generate";
import { forEachApp, PEOPLE } from "./testing";

const PUBLIC = new Set(["GET /api/v1/health", "POST /api/v1/auth/login", "POST /api/v1/auth/logout", "GET /api/v1/setup", "POST /api/v1/setup"]);

forEachApp("every route checks who is asking", (t) => {
  let routes: Array<{ method: string; path: string }> = [];
  beforeAll(async () => {
    await generateDemo(t().db, { scale: "tiny", seed: 3, now: t().clock.now });
    const doc = JSON.parse((await t().app.inject({ method: "GET", url: "/api/docs/json" })).body);
    routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })))
      .filter((r) => r.path.startsWith("/api/v1/"));
  }, 120_000);

  test("the API describes more than 60 operations", () => {
    expect(routes.length).toBeGreaterThan(60);
  });

  test("without credentials every non-public operation answers 401 and changes nothing", async () => {
    const before = await t()
      .db.selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    for (const r of routes) {
      if (PUBLIC.has(`${r.method} ${r.path}`)) continue;
      const url = r.path.replace(/\{[^}]+\}/g, "1");
      const res = await t().call(null, r.method as "GET", url, r.method === "GET" || r.method === "DELETE" ? undefined : {});
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 401 });
    }
    const after = await t()
      .db.selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test("every list and report answers each role without a server error", async () => {
    const pipeline = (await t().db.selectFrom("pipelines").select("id").where("key", "=", "probability").executeTakeFirstOrThrow()).id;
    const customer = (await t().db.selectFrom("customers").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow()).id;
    const gets = routes.filter((r) => r.method === "GET" && !r.path.includes("{") && !r.path.startsWith("/api/v1/export"));
    for (const who of PEOPLE)
      for (const r of gets) {
        const url = `${r.path}?pipeline=${pipeline}&customer=${customer}&period=2026-Q2`;
        const res = await t().call(who, "GET", url);
        expect({ who, route: r.path, serverError: res.status >= 500 }).toEqual({ who, route: r.path, serverError: false });
      }
  }, 300_000);
});
