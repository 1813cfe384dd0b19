/**
 * A unique key that slips past a store's own check (two requests inserting the same key at once) is the database's
 * constraint error; the edge answers 409 DUPLICATE, never a 500, on both engines.
 */
import Fastify from "fastify";
import { expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { installErrorHandler, isUniqueViolation } from "./errors";

forEachDatabase("unique violation at the edge", (t) => {
  test("a second insert of the same e-mail answers 409 DUPLICATE and leaves one row", async () => {
    const { db } = t();
    const app = Fastify();
    installErrorHandler(app);
    app.post("/u", async () => {
      await db
        .insertInto("users")
        .values({ email: "same@example.com", name: "同名", role: "rep", password_hash: "x", active: 1, created_at: 1, version: 1 } as never)
        .execute();
      return { ok: true };
    });
    const first = await app.inject({ method: "POST", url: "/u" });
    const second = await app.inject({ method: "POST", url: "/u" });
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: "DUPLICATE", params: { rule: "unique" } });
    const rows = await db.selectFrom("users").select("id").where("email", "=", "same@example.com").execute();
    expect(rows).toHaveLength(1);
    await app.close();
  });
});

test("only unique-key errors are recognised", () => {
  expect(isUniqueViolation({ code: "23505" })).toBe(true);
  expect(isUniqueViolation({ code: "SQLITE_CONSTRAINT_UNIQUE" })).toBe(true);
  expect(isUniqueViolation({ code: "SQLITE_CONSTRAINT_FOREIGNKEY" })).toBe(false);
  expect(isUniqueViolation({ code: "23503" })).toBe(false);
  expect(isUniqueViolation(null)).toBe(false);
});
