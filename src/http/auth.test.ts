import { expect, test } from "vitest";
import { forEachApp, TEST_PASSWORD } from "./testing";

forEachApp("sign-in, sessions and tokens", (t) => {
  test("health answers without sign-in and names the database", async () => {
    const r = await t().call(null, "GET", "/api/v1/health");
    expect(r.status).toBe(200);
    expect(r.body.database).toBe(t().kind);
  });

  test("an API route without credentials answers 401", async () => {
    const r = await t().call(null, "GET", "/api/v1/auth/me");
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("UNAUTHENTICATED");
  });

  test("a bearer token identifies its user", async () => {
    const r = await t().call("rep", "GET", "/api/v1/auth/me");
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ id: t().ids.rep, role: "rep", teamId: t().ids.teamA });
  });

  test("login sets an httpOnly SameSite session cookie; unsafe requests need the CSRF token", async () => {
    const { app } = t();
    const login = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "rep@test.jindou", password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const setCookie = ([] as string[]).concat(login.headers["set-cookie"] as string[]);
    const session = setCookie.find((c) => c.startsWith("jindou_session="))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const cookie = session.split(";")[0];
    const csrf = JSON.parse(login.body).csrfToken as string;
    const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });
    expect(JSON.parse(me.body).user.email).toBe("rep@test.jindou");
    const noCsrf = await app.inject({ method: "POST", url: "/api/v1/auth/tokens", headers: { cookie }, payload: { name: "x" } });
    expect(noCsrf.statusCode).toBe(403);
    const withCsrf = await app.inject({ method: "POST", url: "/api/v1/auth/tokens", headers: { cookie, "x-csrf-token": csrf }, payload: { name: "x" } });
    expect(withCsrf.statusCode).toBe(200);
    const out = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie, "x-csrf-token": csrf } });
    expect(out.statusCode).toBe(200);
    const after = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  test("the password is stored as an scrypt hash", async () => {
    const u = await t().db.selectFrom("users").select("password_hash").where("id", "=", t().ids.rep).executeTakeFirstOrThrow();
    expect(u.password_hash).toMatch(/^scrypt\$/);
    expect(u.password_hash).not.toContain(TEST_PASSWORD);
  });

  test("after 5 wrong passwords this client waits before trying again; the right password from another client still signs in", async () => {
    const { app } = t();
    const attempt = (password: string, remoteAddress: string) =>
      app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "rep2@test.jindou", password }, remoteAddress });
    for (let i = 0; i < 5; i++) expect((await attempt("wrong", "203.0.113.5")).statusCode).toBe(401);
    const waiting = await attempt(TEST_PASSWORD, "203.0.113.5");
    expect(waiting.statusCode).toBe(429);
    expect(waiting.headers["retry-after"]).toBe("1");
    expect((await attempt(TEST_PASSWORD, "198.51.100.7")).statusCode).toBe(200);
    t().clock.now += 2000;
    expect((await attempt(TEST_PASSWORD, "203.0.113.5")).statusCode).toBe(200);
  });

  test("a bad login body names the field", async () => {
    const r = await t().app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "not-an-email", password: "x" } });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.field).toBe("email");
  });
});

forEachApp("OpenAPI description", (t) => {
  test("/api/docs/json describes the API, including the gated transition", async () => {
    const r = await t().app.inject({ method: "GET", url: "/api/docs/json" });
    expect(r.statusCode).toBe(200);
    const doc = JSON.parse(r.body);
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/opportunities/{id}/transition", "/api/v1/customers", "/api/v1/health"]));
    const ui = await t().app.inject({ method: "GET", url: "/api/docs" });
    expect([200, 302]).toContain(ui.statusCode);
  });
});
