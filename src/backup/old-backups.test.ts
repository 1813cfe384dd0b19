/** Restore accepts every backup on either engine (issue 11): NUL bytes SQLite used to store, columns that came or went. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, inject, test } from "vitest";
import type { DbKind } from "../db/dialect";
import { createTestDb } from "../db/testing";
import { seedPeople } from "../http/testing";
import { backup, restore } from "./backup";

const NOW = Date.parse("2026-06-15T02:00:00Z");
const kinds: DbKind[] = inject("pgAvailable") ? ["sqlite", "postgres"] : ["sqlite"];
const tmp = () => mkdtempSync(path.join(tmpdir(), "jindou-old-bk-"));

test.each(kinds)(
  "a SQLite backup holding NUL bytes (stored before the input layer) restores into %s, NUL removed and reported",
  async (to) => {
    const src = await createTestDb("sqlite");
    const dst = await createTestDb(to);
    try {
      const ids = await seedPeople(src.db, NOW);
      await src.db
        .insertInto("customers")
        .values({
          name: "金\u0000豆",
          name_norm: "金\u0000豆",
          owner_id: ids.rep,
          tags: "[]",
          notes: "a\u0000b\u0000c",
          created_at: NOW,
          updated_at: NOW,
        } as never)
        .execute();
      const file = path.join(tmp(), "nul.jsonl.gz");
      await backup(src.db, file);
      const cleaned: Record<string, number> = {};
      const counts = await restore(dst.db, file, {
        onCleaned: (table, n) => {
          cleaned[table] = n;
        },
      });
      expect(counts.customers).toBe(1);
      expect(cleaned).toEqual({ customers: 3 });
      const c = await dst.db.selectFrom("customers").select(["name", "name_norm", "notes"]).executeTakeFirstOrThrow();
      expect(c).toEqual({ name: "金豆", name_norm: "金豆", notes: "abc" });
    } finally {
      await src.drop();
      await dst.drop();
    }
  },
  60_000,
);

test.each(kinds)(
  "an older backup (a column since dropped, a column not yet added) restores into %s",
  async (to) => {
    const dst = await createTestDb(to);
    try {
      const lines = [
        { jindou_backup: 1, engine: "sqlite", at: "2026-01-01T00:00:00.000Z" },
        { table: "teams" },
        { id: 1, name: "华东", manager_id: null, created_at: NOW },
        { table: "users" },
        {
          id: 7,
          email: "old@test.jindou",
          name: "老用户",
          password_hash: "scrypt$x$y",
          role: "rep",
          team_id: 1,
          locale: "zh-CN",
          active: 1,
          created_at: NOW,
          version: 1,
          legacy_column: "gone",
        },
        { table: "import_runs" },
        {
          id: 3,
          kind: "customers",
          file_name: "a.csv",
          status: "done",
          total: 1,
          processed: 1,
          inserted: 1,
          updated: 0,
          unchanged: 0,
          errors: "[]",
          created_by: 7,
          created_at: NOW,
          finished_at: NOW,
        },
        { table: "a_table_that_no_longer_exists" },
        { id: 1, x: 1 },
      ];
      const file = path.join(tmp(), "old.jsonl.gz");
      writeFileSync(file, gzipSync(lines.map((l) => JSON.stringify(l)).join("\n") + "\n"));
      const counts = await restore(dst.db, file);
      expect(counts).toMatchObject({ teams: 1, users: 1, import_runs: 1 });
      const run = await dst.db.selectFrom("import_runs").selectAll().executeTakeFirstOrThrow();
      expect(run.heartbeat_at ?? null).toBeNull();
      expect((await dst.db.selectFrom("users").select("email").executeTakeFirstOrThrow()).email).toBe("old@test.jindou");
    } finally {
      await dst.drop();
    }
  },
  60_000,
);

test("a file that is not a backup is refused clearly and changes nothing", async () => {
  const dst = await createTestDb("sqlite");
  try {
    const file = path.join(tmp(), "junk.gz");
    writeFileSync(file, gzipSync("hello\n"));
    await expect(restore(dst.db, file)).rejects.toThrow(/is not a Jindou backup/);
  } finally {
    await dst.drop();
  }
});
