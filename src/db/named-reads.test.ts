/**
 * Reads on report and record paths name their columns, so PostgreSQL gets them as named (prepared) statements:
 * a text with `*` is never named (db/connect.ts nameable). Each read's SQL is taken from what the driver was sent.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { listFields } from "../fields/store";
import { snapshotRows } from "../forecast/store";
import { listSubmissions } from "../forecast/submission-store";
import { type DbHandle, nameable, openDb } from "./connect";
import { migrate } from "./migrate";

const admin: Viewer = { id: 1, role: "admin", teamId: null, name: "管理员", email: "a@example.com", locale: "zh-CN" };
let dir = "";
let h: DbHandle;
const sent: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "jindou-named-"));
  h = openDb(path.join(dir, "t.db"), { onQuery: (s) => sent.push(s) });
  await migrate(h.db);
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const sqlOf = async (read: () => Promise<unknown>) => {
  sent.length = 0;
  await read();
  return sent.filter((s) => /^\s*select/i.test(s));
};

test.each([
  ["custom field definitions", () => listFields(h.db, "customer")],
  ["forecast snapshots", () => snapshotRows(h.db, admin, ["2026-Q2"])],
  ["forecast submissions", () => listSubmissions(h.db, admin, "2026-Q2", "2026-W24")],
])("%s are read with named columns", async (_what, read) => {
  const selects = await sqlOf(read);
  expect(selects.length).toBeGreaterThan(0);
  for (const s of selects) expect({ sql: s, nameable: nameable(s) }).toEqual({ sql: s, nameable: true });
});
