/**
 * Start-up checks that turn configuration mistakes into one line naming the variable and the fix, within 5 s:
 * a DATABASE_URL that is no database URL, a DATA_DIR that cannot be created or written (Node's recursive mkdir
 * hangs on some such paths, e.g. under /proc, so folders are made one level at a time), a PostgreSQL that refuses
 * or does not answer.
 */
import { closeSync, existsSync, mkdirSync, openSync, unlinkSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { ConfigError, redact } from "../core/config-error";
import type { DbHandle } from "./connect";

export { ConfigError, databaseUrlProblem, redact } from "../core/config-error";

export const CONNECT_TIMEOUT_MS = 5000;

/** Creates the folder one level at a time and proves it writable, or throws naming `variable`. */
export function ensureWritableDir(dir: string, variable: string): void {
  const abs = path.resolve(dir);
  const fix = `set ${variable} to a folder Jindou may create and write (e.g. ${variable}=./data)`;
  const missing: string[] = [];
  for (let p = abs; !existsSync(p); p = path.dirname(p)) {
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      throw new ConfigError(variable, `cannot create ${p} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${fix}`);
    }
  }
  const probe = path.join(abs, `.jindou-write-test-${process.pid}`);
  try {
    closeSync(openSync(probe, "w"));
    unlinkSync(probe);
  } catch (e) {
    throw new ConfigError(variable, `cannot write in ${abs} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${fix}`);
  }
}

/** One round trip to the database within CONNECT_TIMEOUT_MS, or an error naming DATABASE_URL. */
export async function checkConnection(handle: DbHandle, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  if (handle.kind !== "postgres") return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: "ETIMEDOUT" })), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(handle.db), timeout]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    await handle.close().catch(() => undefined);
    throw new ConfigError(
      "DATABASE_URL",
      `cannot connect to PostgreSQL at ${redact(handle.location)} (${err.code ?? "error"}: ${err.message}); check that PostgreSQL is running there and that DATABASE_URL (or --database) names the right host, port, user and database`,
    );
  } finally {
    clearTimeout(timer);
  }
}
