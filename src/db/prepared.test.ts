/**
 * PostgreSQL: a statement sent again is a named (server-side prepared) statement on its connection; a statement
 * with `*` in its select list stays unnamed (its result type would change with a migration elsewhere); the answers
 * are those of the unnamed statement.
 */
import { sql } from "kysely";
import { expect, test } from "vitest";
import { ALWAYS_NAMED } from "./connect";
import { forEachDatabase } from "./testing";

forEachDatabase("prepared statements", (ctx) => {
  test("repeated statements are prepared once per connection (PostgreSQL); SQLite answers the same", async () => {
    const out = await ctx()
      .db.transaction()
      .execute(async (tx) => {
        const answers: number[] = [];
        for (const n of [1, 2, 3])
          answers.push(
            Number(
              (
                await tx
                  .selectFrom("users")
                  .select((eb) => eb.fn.countAll().as("n"))
                  .where("id", ">", n * 0)
                  .executeTakeFirstOrThrow()
              ).n,
            ),
          );
        for (let i = 0; i < 3; i++) await tx.selectFrom("users").selectAll().execute();
        if (ctx().kind === "sqlite") return { answers, statements: [] as string[] };
        const r = await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'j%'`.execute(tx);
        return { answers, statements: r.rows.map((x) => x.statement) };
      });
    expect(out.answers).toEqual([0, 0, 0]);
    if (ctx().kind === "postgres") {
      expect(out.statements.some((s) => /count\(\*\)/.test(s) && /"users"/.test(s))).toBe(true);
      expect(out.statements.some((s) => /select \* from "users"/.test(s))).toBe(false);
    }
  });

  test("a text over the length limit is named only when it ends with ALWAYS_NAMED (the move's write)", async () => {
    if (ctx().kind === "sqlite") return;
    // ~6 kB of select list, past the 4,000-character limit; the two differ only in the marker
    const long = Array.from({ length: 400 }, (_, i) => `${i} + 0 as c${i}`).join(", ");
    const statements = await ctx()
      .db.transaction()
      .execute(async (tx) => {
        for (let i = 0; i < 3; i++) {
          await sql`select ${sql.raw(long)}, ${i * 0} as plain`.execute(tx);
          await sql`select ${sql.raw(long)}, ${i * 0} as marked ${sql.raw(ALWAYS_NAMED)}`.execute(tx);
        }
        return (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'j%'`.execute(tx)).rows.map((x) => x.statement);
      });
    expect(statements.some((s) => s.includes("as marked"))).toBe(true);
    expect(statements.some((s) => s.includes("as plain"))).toBe(false);
  });
});
