/** Opens the configured database for a CLI command (migrated), and a viewer for reports. */
import { loadConfig, type Config } from "../config";
import { type DbHandle, openDb } from "../db/connect";
import { migrate } from "../db/migrate";
import { loadOrg } from "../init/org-store";
import { checkConnection } from "../db/preflight";
import { buildStaleModels } from "../readmodels/build-lock";
import { buildProgress } from "../readmodels/build-progress";
import type { Viewer } from "../access/viewer";
import { loadViewer } from "../http/auth";

export async function openForCli(database?: string): Promise<{ handle: DbHandle; config: Config }> {
  const envConfig = loadConfig(database ? { ...process.env, DATABASE_URL: database } : process.env);
  const handle = openDb(envConfig.databaseUrl);
  await checkConnection(handle);
  await migrate(handle.db);
  // The time zone chosen at `jindou init` applies unless TZ_ORG is set in the environment.
  const org = process.env.TZ_ORG ? null : await loadOrg(handle.db);
  const config = org?.timeZone ? { ...envConfig, TZ_ORG: org.timeZone } : envConfig;
  // another instance starting on the same database builds a stale model at most once between them (build-lock.ts)
  await buildStaleModels(handle.db, config.TZ_ORG, Date.now(), buildProgress());
  return { handle, config };
}

/** The viewer a CLI report runs as: the user with --as <email>, else the first admin. */
export async function cliViewer(handle: DbHandle, email?: string): Promise<Viewer> {
  let q = handle.db.selectFrom("users").select("id");
  q = email ? q.where("email", "=", email) : q.where("role", "=", "admin").orderBy("id");
  const u = await q.executeTakeFirst();
  const v = u ? await loadViewer(handle.db, u.id) : null;
  if (v) return v;
  if (email) throw new Error(`no active user ${email}`);
  return { id: 0, role: "admin", teamId: null, name: "cli", email: "cli@localhost", locale: "zh-CN" };
}
