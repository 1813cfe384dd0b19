/** The lint rules bite: deliberate import cycles and layer breaches in a scratch tree fail `biome lint` with this repo's biome.json. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const biome = path.join(repo, "node_modules", ".bin", "biome");

const files: Record<string, string> = {
  "src/customers/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
  "src/customers/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
  "src/customers/score.ts": 'import { readFileSync } from "node:fs";\nexport const score = () => readFileSync("x");\n',
  "src/customers/rank.ts": 'import type { Db } from "../db/connect";\nexport const rank = (db: Db) => db;\n',
  "src/customers/store.ts": 'import type { App } from "../http/plugin";\nexport const list = (app: App) => app;\n',
  "src/customers/routes.ts": 'import { buildApp } from "../http/app";\nexport const routes = buildApp;\n',
  "src/core/money.ts": 'import { visible } from "../access/visible";\nexport const m = visible;\n',
  "src/access/visible.ts": 'import { list } from "../customers/store";\nexport const visible = list;\n',
  // a clean pure file: row types and a sibling pure file are allowed
  "src/customers/clean.ts":
    'import type { Row } from "../db/schema";\nimport { rankOf } from "./clean-rank";\nexport const ok = (r: Row<"customers">) => rankOf(r.id);\n',
  "src/customers/clean-rank.ts": "export const rankOf = (n: number) => n + 1;\n",
};

let dir = "";
let found: Array<{ rule: string; file: string }> = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jindou-lint-"));
  const config = JSON.parse(readFileSync(path.join(repo, "biome.json"), "utf8"));
  delete config.$schema;
  writeFileSync(path.join(dir, "biome.json"), JSON.stringify(config));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  let out = "";
  try {
    out = execFileSync(biome, ["lint", "--reporter=json", "--max-diagnostics=100", "."], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? "");
  }
  const report = JSON.parse(out) as { diagnostics: Array<{ category: string; location: { path: string | { file: string } } }> };
  found = report.diagnostics.map((d) => ({
    rule: d.category.replace(/^lint\/\w+\//, ""),
    file: (typeof d.location.path === "string" ? d.location.path : d.location.path.file).replace(/\\/g, "/"),
  }));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rulesOf = (file: string) => found.filter((f) => f.file === file).map((f) => f.rule);

test("an import cycle fails lint on both files", () => {
  expect(rulesOf("src/customers/a.ts")).toEqual(["noImportCycles"]);
  expect(rulesOf("src/customers/b.ts")).toEqual(["noImportCycles"]);
});

test("a pure file may not do node I/O or import database code", () => {
  expect(rulesOf("src/customers/score.ts")).toEqual(["noRestrictedImports"]);
  expect(rulesOf("src/customers/rank.ts")).toEqual(["noRestrictedImports"]);
});

test("a store may not import src/http/, and no feature imports the server assembly", () => {
  expect(rulesOf("src/customers/store.ts")).toEqual(["noRestrictedImports"]);
  expect(rulesOf("src/customers/routes.ts")).toEqual(["noRestrictedImports"]);
});

test("core imports nothing above it; access imports no feature", () => {
  expect(rulesOf("src/core/money.ts")).toEqual(["noRestrictedImports"]);
  expect(rulesOf("src/access/visible.ts")).toEqual(["noRestrictedImports"]);
});

test("clean files pass", () => {
  expect(rulesOf("src/customers/clean.ts")).toEqual([]);
  expect(rulesOf("src/customers/clean-rank.ts")).toEqual([]);
});
