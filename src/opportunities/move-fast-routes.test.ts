/**
 * The move's fast path (move-fast-routes.ts) answers over a real socket exactly as the route does through Fastify's
 * lifecycle (app.inject never reaches the fast path): each request is sent over HTTP for one opportunity and through
 * inject for its twin in the same state, and the two answers — status, body and headers — must be equal but for
 * ids and times; the HTTP move's rows are checked in the tables (event, audit row, visit, deal facts).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { forEachApp, type Person, TEST_PASSWORD, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { fastPathCounts } from "./move-fast-routes";

async function dealFor(t: TestApp, who: Person) {
  const c = await t.call(who, "POST", "/api/v1/customers", { name: `fast path ${Math.random()}` });
  const pipelines = (await t.call(who, "GET", "/api/v1/pipelines")).body.items;
  const crm5 = pipelines.find((p: { key: string }) => p.key === "crm5");
  const o = await t.call(who, "POST", "/api/v1/opportunities", {
    customerId: c.body.customer.id,
    pipelineId: crm5.id,
    title: "t",
    amountFen: 100,
    source: "inbound",
  });
  expect(o.status).toBe(201);
  return { opp: o.body as { id: number; version: number; customerId: number }, pipeline: crm5 as { stages: Array<{ id: number }> } };
}

/** The answer without what differs between two opportunities (ids, customer, times). */
const comparable = (b: Record<string, unknown>) => {
  const { id, customerId, customerName, updatedAt, stageEnteredAt, createdAt, daysInStage, ...rest } = b;
  return rest;
};
const SKIP_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);
const headersOf = (h: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(h)
      .filter(([k]) => !SKIP_HEADERS.has(k.toLowerCase()))
      .map(([k, v]) => [k.toLowerCase(), String(v)])
      .sort(),
  );

forEachApp("the stage move's fast path answers as the route does", (t) => {
  let base = "";
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
    await t().app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t().app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await t().app.server.close();
  });

  const overHttp = async (id: number, body: string, headers: Record<string, string>, suffix = "") => {
    const r = await fetch(`${base}/api/v1/opportunities/${id}/transition${suffix}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    return { status: r.status, body: await r.json(), headers: Object.fromEntries(r.headers.entries()) };
  };
  const viaFastify = async (id: number, body: string, headers: Record<string, string>) => {
    const r = await t().app.inject({
      method: "POST",
      url: `/api/v1/opportunities/${id}/transition`,
      headers: { "content-type": "application/json", ...headers },
      payload: body,
    });
    return { status: r.statusCode, body: r.json(), headers: r.headers as Record<string, unknown> };
  };
  const bearer = (who: Person) => ({ authorization: `Bearer ${t().tokens[who]}` });
  /** The same request for two opportunities in the same state: over HTTP and through Fastify; both answers. */
  const twins = async (
    who: Person,
    owner: Person,
    body: (o: { version: number }, stages: Array<{ id: number }>) => unknown,
    headers: Record<string, string> = bearer(who),
  ) => {
    const [a, b] = [await dealFor(t(), owner), await dealFor(t(), owner)];
    const before = { ...fastPathCounts };
    const http = await overHttp(a.opp.id, JSON.stringify(body(a.opp, a.pipeline.stages)), headers);
    // the fast path took the request: answered it, or replayed it through Fastify
    expect(fastPathCounts.answered + fastPathCounts.replayed).toBe(before.answered + before.replayed + 1);
    const fastify = await viaFastify(b.opp.id, JSON.stringify(body(b.opp, b.pipeline.stages)), headers);
    expect(http.status).toBe(fastify.status);
    expect(comparable(http.body)).toEqual(comparable(fastify.body));
    expect(headersOf(http.headers)).toEqual(headersOf(fastify.headers));
    return { http, fastify, a, b };
  };

  test("a move: equal answers and headers; the event, audit row, visit and deal facts are written", async () => {
    const answered = fastPathCounts.answered;
    const { http, a } = await twins("rep", "rep", (o) => ({ version: o.version, action: "advance", override: true, reason: "客户确认" }));
    expect(http.status).toBe(200);
    expect(fastPathCounts.answered).toBe(answered + 1);
    expect(http.body.version).toBe(a.opp.version + 1);
    expect(http.headers["content-security-policy"]).toContain("default-src 'self'");
    const db = t().db;
    const ev = await db.selectFrom("stage_events").select(["kind", "reason", "override"]).where("opportunity_id", "=", a.opp.id).orderBy("id").execute();
    expect(ev.map((e) => e.kind)).toEqual(["create", "advance"]);
    expect(ev[1]).toMatchObject({ reason: "客户确认", override: 1 });
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "opportunity")
      .where("entity_id", "=", a.opp.id)
      .where("action", "=", "advance")
      .execute();
    expect(audit).toHaveLength(1);
    const visits = await db.selectFrom("stage_visits").select(["stage_id", "left_at"]).where("opportunity_id", "=", a.opp.id).orderBy("id").execute();
    expect(visits.map((v) => [v.stage_id, v.left_at == null])).toEqual([
      [a.pipeline.stages[0].id, false],
      [a.pipeline.stages[1].id, true],
    ]);
    const facts = await db
      .selectFrom("customer_deal_facts")
      .select(["open_count", "max_probability"])
      .where("customer_id", "=", a.opp.customerId)
      .executeTakeFirstOrThrow();
    const p = await db.selectFrom("stages").select("probability").where("id", "=", a.pipeline.stages[1].id).executeTakeFirstOrThrow();
    expect(facts).toEqual({ open_count: 1, max_probability: p.probability });
  });

  test("rule refusals: stale version 409, incomplete checklist 422, back without a reason, another rep's deal 404", async () => {
    expect((await twins("rep", "rep", (o) => ({ version: o.version - 1, action: "advance", override: true, reason: "x" }))).http.status).toBe(409);
    expect((await twins("rep", "rep", (o) => ({ version: o.version, action: "advance" }))).http.body.error.code).toBe("CHECKLIST_INCOMPLETE");
    const back = await twins("rep", "rep", (o, s) => ({ version: o.version, action: "back", toStageId: s[0].id }));
    expect(back.http.status).toBeGreaterThanOrEqual(400);
    expect((await twins("rep", "otherRep", (o) => ({ version: o.version, action: "advance", override: true, reason: "x" }))).http.status).toBe(404);
  });

  test("input refusals are Fastify's own answers: bad JSON, a control character, an unknown action, a bad id", async () => {
    const replayed = fastPathCounts.replayed;
    expect((await twins("rep", "rep", () => "{")).http.status).toBe(400);
    expect(fastPathCounts.replayed).toBe(replayed + 1);
    expect((await twins("rep", "rep", (o) => ({ version: o.version, action: "advance", override: true, reason: "a\u0000b" }))).http.status).toBe(400);
    expect((await twins("rep", "rep", (o) => ({ version: o.version, action: "jump" }))).http.status).toBe(400);
    const zero = await overHttp(0, JSON.stringify({ version: 1, action: "advance" }), bearer("rep"));
    const zeroF = await viaFastify(0, JSON.stringify({ version: 1, action: "advance" }), bearer("rep"));
    expect([zero.status, zero.body]).toEqual([zeroF.status, zeroF.body]);
  });

  test("sign-in: none 401, read-only token 403, a revoked token is refused at once", async () => {
    expect((await twins("rep", "rep", (o) => ({ version: o.version, action: "stay" }), {} as never)).http.status).toBe(401);
    const { createApiToken } = await import("../http/auth");
    const ro = await createApiToken(t().db, t().ids.rep, "ro", t().clock.now, { scope: "read" });
    expect((await twins("rep", "rep", (o) => ({ version: o.version, action: "stay" }), { authorization: `Bearer ${ro}` })).http.status).toBe(403);
    const live = await createApiToken(t().db, t().ids.rep, "live", t().clock.now);
    const { opp } = await dealFor(t(), "rep");
    const ok = await overHttp(opp.id, JSON.stringify({ version: opp.version, action: "advance", override: true, reason: "x" }), {
      authorization: `Bearer ${live}`,
    });
    expect(ok.status).toBe(200);
    await t().db.updateTable("api_tokens").set({ revoked_at: t().clock.now }).where("name", "=", "live").execute();
    const after = await overHttp(opp.id, JSON.stringify({ version: ok.body.version, action: "back", toStageId: ok.body.stageId, reason: "x" }), {
      authorization: `Bearer ${live}`,
    });
    expect(after.status).toBe(401);
  });

  test("a session moves with its CSRF token and is refused without it", async () => {
    const login = await t().app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "rep@test.jindou", password: TEST_PASSWORD } });
    const cookie = ([] as string[])
      .concat(login.headers["set-cookie"] as string[])
      .map((c) => c.split(";")[0])
      .join("; ");
    const csrf = login.json().csrfToken as string;
    expect((await twins("rep", "rep", (o) => ({ version: o.version, action: "stay" }), { cookie })).http.status).toBe(403);
    const ok = await twins("rep", "rep", (o) => ({ version: o.version, action: "advance", override: true, reason: "x" }), { cookie, "x-csrf-token": csrf });
    expect(ok.http.status).toBe(200);
  });

  test("a request the fast path does not take (a query string) is Fastify's, with the same answer", async () => {
    const { opp } = await dealFor(t(), "rep");
    const before = { ...fastPathCounts };
    const r = await overHttp(opp.id, JSON.stringify({ version: opp.version, action: "advance", override: true, reason: "x" }), bearer("rep"), "?x=1");
    expect(fastPathCounts).toEqual(before);
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(opp.version + 1);
  });
});
