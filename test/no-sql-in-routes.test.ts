/** Issue 9's boundary: no routes file runs SQL — every statement lives in a store (src/**\/routes.ts and src/**\/*-routes.ts are checked). */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "src");
const SQL = [".selectFrom(", ".updateTable(", ".insertInto(", ".deleteFrom(", "sql`"];

const routesFiles = (): string[] =>
  (readdirSync(src, { recursive: true, encoding: "utf8" }) as string[])
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => /(^|\/)routes\.ts$|-routes\.ts$/.test(f))
    .sort();

/** The SQL markers a file's text contains. */
const sqlIn = (text: string): string[] => SQL.filter((m) => text.includes(m));

test("the checker sees SQL when it is there and none when it is not", () => {
  expect(sqlIn('await app.db.selectFrom("users").selectAll().execute();')).toEqual([".selectFrom("]);
  expect(sqlIn("const n = await sql`select 1`.execute(app.db);")).toEqual(["sql`"]);
  expect(sqlIn('await tx.deleteFrom("a").execute(); await tx.insertInto("a").values({}).execute(); await tx.updateTable("a").set({}).execute();')).toEqual([
    ".updateTable(",
    ".insertInto(",
    ".deleteFrom(",
  ]);
  expect(sqlIn("return { items: await listTokens(app.db, req.viewer, all, app.now()) };")).toEqual([]);
});

test("no routes file runs SQL (it calls a store)", () => {
  const files = routesFiles();
  expect(files.length).toBeGreaterThan(20); // the walk found the routes files: src/users/routes.ts, src/pools/routes.ts ...
  expect(files).toContain("pools/routes.ts");
  const offending = files.map((f) => ({ f, found: sqlIn(readFileSync(path.join(src, f), "utf8")) })).filter((x) => x.found.length);
  expect(
    offending.map((x) => `src/${x.f}: ${x.found.join(" ")}`),
    "routes files with SQL (move it into a store)",
  ).toEqual([]);
});
