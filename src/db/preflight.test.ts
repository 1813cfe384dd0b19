/** Configuration errors name the variable and the fix, within 5 s (issue 11). */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { openForCli } from "../cli/context";
import { loadConfig } from "../config";
import { openDb } from "./connect";
import { checkConnection, databaseUrlProblem, ensureWritableDir, redact } from "./preflight";

test("DATABASE_URL=notaurl is refused with the forms to use, and creates no file", () => {
  const cwd = process.cwd();
  const dir = mkdtempSync(path.join(tmpdir(), "jindou-cfg-"));
  process.chdir(dir);
  try {
    expect(() => loadConfig({ DATABASE_URL: "notaurl" } as NodeJS.ProcessEnv)).toThrow(/^DATABASE_URL: "notaurl" is not a database URL; use postgres:\/\//);
    expect(existsSync(path.join(dir, "notaurl"))).toBe(false);
  } finally {
    process.chdir(cwd);
  }
  for (const ok of ["postgres://u@h:5432/db", "postgresql://u:p@h/db", "sqlite:data/x.db", "data/jindou.db", "/tmp/x.db", "x.sqlite", ":memory:"])
    expect(databaseUrlProblem(ok), ok).toBeNull();
  expect(redact("postgres://jindou:s3cret@db:5432/crm")).toBe("postgres://jindou:***@db:5432/crm");
});

test("a DATA_DIR that cannot be created or written is named at once (no hang)", () => {
  const started = Date.now();
  expect(() => ensureWritableDir("/proc/jindou-nope/data", "DATA_DIR")).toThrow(/^DATA_DIR: cannot create \/proc\/jindou-nope .*set DATA_DIR to a folder/);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "jindou-cfg-")), "a-file");
  writeFileSync(file, "x");
  expect(() => ensureWritableDir(path.join(file, "data"), "DATA_DIR")).toThrow(/^DATA_DIR: cannot create/);
  expect(() => openDb(path.join("/proc/jindou-nope", "jindou.db"))).toThrow(/DATA_DIR/);
  expect(Date.now() - started).toBeLessThan(5000);
});

test("a refused PostgreSQL connection names DATABASE_URL, within 5 s", async () => {
  const started = Date.now();
  await expect(openForCli("postgres://postgres:pw@127.0.0.1:1/jindou")).rejects.toThrow(
    /^DATABASE_URL: cannot connect to PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/jindou \(ECONNREFUSED/,
  );
  expect(Date.now() - started).toBeLessThan(5000);
});

test("a server that accepts but never answers is given up on after the timeout, naming DATABASE_URL", async () => {
  const silent = net.createServer(() => {
    /* never answers */
  });
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
  const port = (silent.address() as net.AddressInfo).port;
  try {
    const handle = openDb(`postgres://postgres@127.0.0.1:${port}/jindou`);
    await expect(checkConnection(handle, 300)).rejects.toThrow(/^DATABASE_URL: cannot connect .*ETIMEDOUT/);
  } finally {
    silent.close();
  }
});
