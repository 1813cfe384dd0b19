/**
 * PostgreSQL: a statement sent again is a named (server-side prepared) statement on its connection; a statement
 * with `*` in its select list stays unnamed (its result type would change with a migration elsewhere); the answers
 * are those of the unnamed statement.
 */
import { sql } from "kysely";
import { expect, test } from "vitest";
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
});
