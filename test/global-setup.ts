/** Probes the optional real services once, so suites skip loudly (or fail under REQUIRE_*) when one is missing. */
import { existsSync } from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";

export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    pgAvailable: boolean;
    browserAvailable: boolean;
  }
}

export default async function setup(project: TestProject) {
  let pgAvailable = false;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    pgAvailable = true;
  } catch {
    /* reported below */
  } finally {
    await client.end().catch(() => {});
  }
  const browserAvailable = existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
  const missing: string[] = [];
  if (!pgAvailable) missing.push(`PostgreSQL at ${PG_ADMIN_URL}: every PostgreSQL suite will be SKIPPED`);
  if (!browserAvailable) missing.push("Chromium at /usr/bin/chromium: every browser suite will be SKIPPED");
  if (missing.length) {
    const loud = "\n" + "!".repeat(78) + "\n" + missing.map((m) => "!! missing " + m).join("\n") + "\n" + "!".repeat(78) + "\n";
    if ((process.env.REQUIRE_PG === "1" && !pgAvailable) || (process.env.REQUIRE_BROWSER === "1" && !browserAvailable))
      throw new Error("required test service missing:" + loud);
    console.warn(loud);
  }
  project.provide("pgAvailable", pgAvailable);
  project.provide("browserAvailable", browserAvailable);
}
