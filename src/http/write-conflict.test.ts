/**
 * A transaction the database rolls back because it met another one — PostgreSQL breaking a deadlock (40P01), SQLite's
 * write lock held by another process past busy_timeout — answers 409 WRITE_CONFLICT, never a 500, and leaves nothing
 * of the request behind. Both are provoked for real: a second connection takes the locks in the other order.
 */
import SQLite from "better-sqlite3";
import Fastify from "fastify";
import { sql } from "kysely";
import pg from "pg";
import { expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { inTx } from "../db/tx";
import { installErrorHandler, ruleErrorAnswer } from "./errors";

forEachDatabase("a rolled-back write at the edge", (t) => {
  const addUser = async (email: string) =>
    Number(
      (
        await t()
          .db.insertInto("users")
          .values({ email, name: "原名", role: "rep", password_hash: "x", active: 1, created_at: 1, version: 1 } as never)
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  const nameOf = async (id: number) => (await t().db.selectFrom("users").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name;

  /** The route renames A, then B, in one transaction. */
  const appRenaming = (a: number, b: number) => {
    const app = Fastify();
    installErrorHandler(app);
    app.post("/rename", async () => {
      await inTx(t().db, async (tx) => {
        await tx.updateTable("users").set({ name: "新名" }).where("id", "=", a).execute();
        await tx.updateTable("users").set({ name: "新名" }).where("id", "=", b).execute();
      });
      return { ok: true };
    });
    return app;
  };

  test("the loser of a lock conflict answers 409 WRITE_CONFLICT and its first update is rolled back", async () => {
    const { db, kind, location } = t();
    const a = await addUser(`a-${kind}@example.com`);
    const b = await addUser(`b-${kind}@example.com`);
    const app = appRenaming(a, b);
    if (kind === "postgres") {
      const other = new pg.Client({ connectionString: location });
      await other.connect();
      try {
        await other.query("begin");
        // the other side's own deadlock check comes long after the route's (1 s): the route is the victim
        await other.query("set local deadlock_timeout = '20s'");
        await other.query("update users set name = name where id = $1", [b]);
        const answer = app.inject({ method: "POST", url: "/rename" });
        for (let i = 0; i < 200; i++) {
          const w = await other.query(
            "select 1 from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid() and datname = current_database()",
          );
          if (w.rowCount) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        // the route holds A and waits for B; taking A now closes the cycle
        await other.query("update users set name = name where id = $1", [a]);
        await other.query("commit");
        const res = await answer;
        expect(res.statusCode).toBe(409);
        expect(res.json().error).toMatchObject({ code: "WRITE_CONFLICT", field: null });
      } finally {
        await other.end();
      }
    } else {
      // another process writing the same file holds the write lock for longer than the route's busy timeout
      await sql`pragma busy_timeout = 200`.execute(db);
      const other = new SQLite(location);
      try {
        other.exec("begin immediate");
        const res = await app.inject({ method: "POST", url: "/rename" });
        other.exec("rollback");
        expect(res.statusCode).toBe(409);
        expect(res.json().error).toMatchObject({ code: "WRITE_CONFLICT", field: null });
      } finally {
        other.close();
        await sql`pragma busy_timeout = 5000`.execute(db);
      }
    }
    expect([await nameOf(a), await nameOf(b)]).toEqual(["原名", "原名"]);
    // with nobody in the way, the same request goes through
    const again = await app.inject({ method: "POST", url: "/rename" });
    expect(again.statusCode).toBe(200);
    expect([await nameOf(a), await nameOf(b)]).toEqual(["新名", "新名"]);
    await app.close();
  }, 30_000);
});

test("only rolled-back transactions are write conflicts", () => {
  for (const code of ["40P01", "40001", "SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_LOCKED"])
    expect(ruleErrorAnswer({ code })?.[1].error.code).toBe("WRITE_CONFLICT");
  for (const code of ["23503", "40000", "SQLITE_ERROR", "SQLITE_BUSY_RECOVERY_X", undefined]) expect(ruleErrorAnswer({ code })).toBeNull();
});
