/**
 * Route-test helper: a real app on a fresh database (SQLite and PostgreSQL), with two teams of people and
 * a bearer token each, driven in process with app.inject (no port).
 *
 *   forEachApp("customers", (t) => {
 *     test("a rep cannot see another rep's customer", async () => {
 *       const r = await t().call("rep", "GET", `/api/v1/customers/${id}`);
 *       expect(r.status).toBe(404);
 *     });
 *   });
 *
 * `forEachApp(title, fn, { only: [pipelineRoutes] })` mounts just those routes plugins (and sign-in) under /api/v1
 * on the base server, without importing the server assembly: a feature tested alone.
 */
import { afterAll, beforeAll, describe, inject } from "vitest";
import { loadConfig } from "../config";
import type { DbKind } from "../db/dialect";
import { createTestDb, type TestDb } from "../db/testing";
import { hashPassword } from "../users/password";
import { authRoutes, createApiToken } from "./auth";
import { createDepartment, placeUser } from "../org/departments-store";
import { defaultPoolId } from "../pools/store";
import { buildBase } from "./base";
import type { App, RoutesPlugin } from "./plugin";

/** Fixed clock for route tests: 2026-06-15 10:00 Asia/Shanghai. */
export const TEST_NOW = Date.parse("2026-06-15T02:00:00Z");

export type Person = "admin" | "manager" | "rep" | "rep2" | "otherManager" | "otherRep";
export const PEOPLE: Person[] = ["admin", "manager", "rep", "rep2", "otherManager", "otherRep"];

export interface TestApp {
  app: App;
  db: TestDb["db"];
  kind: DbKind;
  /** user ids and team ids */
  ids: Record<Person, number> & { teamA: number; teamB: number };
  tokens: Record<Person, string>;
  /** the clock the app reads; tests may move it */
  clock: { now: number };
  call(
    who: Person | null,
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

export const TEST_PASSWORD = "correct horse 42";

/** Creates the teams and people: team A (manager, rep, rep2), team B (otherManager, otherRep), and an admin. */
export async function seedPeople(db: TestDb["db"], now: number) {
  const hash = await hashPassword(TEST_PASSWORD);
  const teamA = (await db.insertInto("teams").values({ name: "测试一组", manager_id: null, created_at: now }).returning("id").executeTakeFirstOrThrow()).id;
  const teamB = (await db.insertInto("teams").values({ name: "测试二组", manager_id: null, created_at: now }).returning("id").executeTakeFirstOrThrow()).id;
  const spec: Array<[Person, "admin" | "manager" | "rep", number | null]> = [
    ["admin", "admin", null],
    ["manager", "manager", teamA],
    ["rep", "rep", teamA],
    ["rep2", "rep", teamA],
    ["otherManager", "manager", teamB],
    ["otherRep", "rep", teamB],
  ];
  const ids = { teamA, teamB } as Record<Person, number> & { teamA: number; teamB: number };
  for (const [who, role, team] of spec) {
    const r = await db
      .insertInto("users")
      .values({
        email: `${who.toLowerCase()}@test.jindou`,
        name: who,
        password_hash: hash,
        role,
        team_id: team,
        locale: "zh-CN",
        active: 1,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids[who] = r.id;
  }
  await db.updateTable("teams").set({ manager_id: ids.manager }).where("id", "=", teamA).execute();
  await db.updateTable("teams").set({ manager_id: ids.otherManager }).where("id", "=", teamB).execute();
  // The same two groups as departments (each team's manager manages it; its reps report to them), both members of the
  // company pool, which the admin administers.
  const deptA = await createDepartment(db, { name: "测试一组", managerIds: [ids.manager] }, now);
  const deptB = await createDepartment(db, { name: "测试二组", managerIds: [ids.otherManager] }, now);
  for (const [who, dept] of [
    ["manager", deptA],
    ["rep", deptA],
    ["rep2", deptA],
    ["otherManager", deptB],
    ["otherRep", deptB],
  ] as const)
    await placeUser(db, ids[who], dept);
  const pool = await defaultPoolId(db, now);
  for (const d of [deptA, deptB]) await db.insertInto("pool_members").values({ pool_id: pool, user_id: null, department_id: d }).execute();
  await db.insertInto("pool_admins").values({ pool_id: pool, user_id: ids.admin }).execute();
  return ids;
}

export interface TestAppOptions {
  /** mount only these routes plugins (plus sign-in) instead of the whole server */
  only?: RoutesPlugin[];
}

export async function createTestApp(kind: DbKind, opts: TestAppOptions = {}): Promise<TestApp & { close(): Promise<void> }> {
  const handle = await createTestDb(kind);
  const clock = { now: TEST_NOW };
  const config = loadConfig({ TZ_ORG: "Asia/Shanghai", JOBS: "0" } as NodeJS.ProcessEnv);
  const now = () => clock.now;
  let app: App;
  if (opts.only) {
    const only = opts.only;
    app = await buildBase({ handle, config, now });
    await app.register(
      async (api) => {
        for (const register of [authRoutes, ...only]) await register(api);
      },
      { prefix: "/api/v1" },
    );
  } else {
    // loaded on demand, so a test that mounts one feature never imports every feature's routes
    const { buildApp } = await import("./app");
    app = await buildApp({ handle, config, now, webDist: "/nonexistent" });
  }
  const ids = await seedPeople(handle.db, clock.now);
  const tokens = {} as Record<Person, string>;
  for (const p of PEOPLE) tokens[p] = await createApiToken(handle.db, ids[p], "test", clock.now);
  const call: TestApp["call"] = async (who, method, url, body) => {
    const res = await app.inject({
      method,
      url,
      headers: who ? { authorization: `Bearer ${tokens[who]}` } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
    let parsed: unknown = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      /* not JSON (CSV, XLSX) */
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  };
  return {
    app,
    db: handle.db,
    kind,
    ids,
    tokens,
    clock,
    call,
    close: async () => {
      await app.close();
      await handle.drop();
    },
  };
}

/** describe() once per database with a fresh app; the getter returns the live TestApp. */
export function forEachApp(title: string, fn: (t: () => TestApp) => void, opts: TestAppOptions = {}): void {
  for (const kind of ["sqlite", "postgres"] as const) {
    describe.skipIf(kind === "postgres" && !inject("pgAvailable"))(`${title} [${kind}]`, () => {
      let t: (TestApp & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        t = await createTestApp(kind, opts);
      }, 60_000);
      afterAll(async () => {
        await t?.close();
      }, 60_000);
      fn(() => {
        if (!t) throw new Error("app not ready");
        return t;
      });
    });
  }
}
