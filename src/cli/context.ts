/** Opens the configured database for a CLI command (migrated), and a viewer for reports. */
import { loadConfig, type Config } from "../config";
import { type DbHandle, openDb } from "../db/connect";
import { migrate } from "../db/migrate";
import { checkConnection } from "../db/preflight";
import { inTx } from "../db/tx";
import { rebuild, staleModels } from "../readmodels/rebuild";
import type { Viewer } from "../access/viewer";
import { loadViewer } from "../http/auth";

export async function openForCli(database?: string): Promise<{ handle: DbHandle; config: Config }> {
  const config = loadConfig(database ? { ...process.env, DATABASE_URL: database } : process.env);
  const handle = openDb(config.databaseUrl);
  await checkConnection(handle);
  await migrate(handle.db);
  const stale = await staleModels(handle.db, config.TZ_ORG, Date.now());
  for (const m of stale) {
    const started = performance.now();
    const rows = await inTx(handle.db, (tx) => rebuild(tx, m, { tz: config.TZ_ORG }));
    console.error(`read model ${m} built from the source of truth: ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
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
