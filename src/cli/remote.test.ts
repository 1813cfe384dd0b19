import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestApp, type TestApp } from "../http/testing";

const run = promisify(execFile);
const cli = (args: string[]) =>
  run("node", ["bin/jindou.mjs", ...args], { cwd: path.resolve(__dirname, "../.."), env: { ...process.env, JINDOU_SERVER: "", JINDOU_TOKEN: "" } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let t: TestApp & { close(): Promise<void> };
let server: string;
const dir = mkdtempSync(path.join(tmpdir(), "jindou-remote-"));

beforeAll(async () => {
  t = await createTestApp("sqlite");
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  server = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  await t.close();
});

test("the CLI imports and exports through a remote server's API with a bearer token", async () => {
  const bad = path.join(dir, "bad.csv");
  writeFileSync(bad, "external_id,客户名称,owner_email\nR1,远程导入一号有限公司,rep@test.jindou\nR2,远程导入二号有限公司,nobody@test.jindou\n");
  const refused = await cli(["import", "customers", bad, "--server", server, "--token", t.tokens.rep, "--no-progress"]);
  expect(refused.code).toBe(1);
  expect(refused.stdout).toMatch(/errors:/);
  expect(refused.stdout).toMatch(/│ 3\s+│ owner_email/);
  expect(await t.db.selectFrom("customers").select("id").where("external_id", "in", ["R1", "R2"]).execute()).toEqual([]);

  const good = path.join(dir, "good.csv");
  writeFileSync(good, "external_id,客户名称,owner_email\nR1,远程导入一号有限公司,rep@test.jindou\nR2,远程导入二号有限公司,rep@test.jindou\n");
  const ok = await cli(["import", "customers", good, "--server", server, "--token", t.tokens.rep, "--no-progress"]);
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/inserted 2/);

  const out = path.join(dir, "out.csv");
  const exp = await cli(["export", "customers", "--server", server, "--token", t.tokens.rep, "--out", out]);
  expect(exp.code).toBe(0);
  const csv = readFileSync(out, "utf8");
  expect(csv).toContain("远程导入一号有限公司");
  expect(csv).toContain("R2");

  const noToken = await cli(["export", "customers", "--server", server]);
  expect(noToken.code).not.toBe(0);
  expect(noToken.stderr).toMatch(/--token/);
}, 120_000);
