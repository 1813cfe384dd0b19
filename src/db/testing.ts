/**
 * Test helper: run the same cases on a fresh SQLite file and a fresh PostgreSQL database, each created for
 * the suite and dropped after it (Kysely's "looped over every database" habit).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { type DbHandle, openDb } from "./connect";
import type { DbKind } from "./dialect";
import { migrate } from "./migrate";

const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDb extends DbHandle {
  kind: DbKind;
}

/** Creates an empty, migrated database of the kind (unmigrated with `{ migrate: false }`); `drop()` removes it. */
export async function createTestDb(kind: DbKind, opts: { migrate?: boolean } = {}): Promise<TestDb & { drop(): Promise<void> }> {
  const doMigrate = opts.migrate ?? true;
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "jindou-test-"));
    const h = openDb(path.join(dir, "test.db"));
    if (doMigrate) await migrate(h.db);
    return {
      ...h,
      drop: async () => {
        await h.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `jindou_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = "/" + name;
  const h = openDb(url.toString());
  if (doMigrate) await migrate(h.db);
  return {
    ...h,
    drop: async () => {
      await h.close();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * describe() the suite once per database. `fn` receives a getter for the live handle, set in beforeAll.
 * PostgreSQL suites skip (loudly, from the global setup) when no server answers, unless REQUIRE_PG=1.
 */
export function forEachDatabase(title: string, fn: (ctx: () => TestDb) => void): void {
  for (const kind of ["sqlite", "postgres"] as const) {
    const available = kind === "sqlite" || inject("pgAvailable");
    describe.skipIf(!available)(`${title} [${kind}]`, () => {
      let handle: (TestDb & { drop(): Promise<void> }) | undefined;
      beforeAll(async () => {
        handle = await createTestDb(kind);
      }, 60_000);
      afterAll(async () => {
        await handle?.drop();
      }, 60_000);
      fn(() => {
        if (!handle) throw new Error("database not ready");
        return handle;
      });
    });
  }
}
