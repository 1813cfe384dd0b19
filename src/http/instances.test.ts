import { describe, expect, inject, test } from "vitest";
import { loadConfig } from "../config";
import { openDb } from "../db/connect";
import { createTestDb } from "../db/testing";
import { buildApp } from "./app";
import { seedPeople, TEST_NOW, TEST_PASSWORD } from "./testing";

describe.skipIf(!inject("pgAvailable"))("two instances on one PostgreSQL behave as one product", () => {
  test("a session opened on one instance works on the other, and logout on either ends it", async () => {
    const h = await createTestDb("postgres");
    const second = openDb(h.location);
    const config = loadConfig({ JOBS: "0" } as NodeJS.ProcessEnv);
    const a = await buildApp({ handle: h, config, now: () => TEST_NOW, webDist: "/none" });
    const b = await buildApp({ handle: second, config, now: () => TEST_NOW, webDist: "/none" });
    try {
      await seedPeople(h.db, TEST_NOW);
      const login = await a.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "manager@test.jindou", password: TEST_PASSWORD } });
      expect(login.statusCode).toBe(200);
      const cookie = ([] as string[])
        .concat(login.headers["set-cookie"] as string[])
        .find((c) => c.startsWith("jindou_session="))!
        .split(";")[0];
      const me = await b.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });
      expect(JSON.parse(me.body).user.email).toBe("manager@test.jindou");
      const csrf = JSON.parse(login.body).csrfToken as string;
      await b.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie, "x-csrf-token": csrf } });
      expect((await a.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } })).statusCode).toBe(401);
      // Failed sign-ins are counted in the database: five from one client on A make that client wait on B too.
      for (let i = 0; i < 5; i++) await a.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "rep@test.jindou", password: "nope" } });
      expect((await b.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "rep@test.jindou", password: TEST_PASSWORD } })).statusCode).toBe(
        429,
      );
    } finally {
      await a.close();
      await b.close();
      await second.close();
      await h.drop();
    }
  }, 60_000);
});
