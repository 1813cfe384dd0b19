/** The organisation settings `jindou init` writes (name, time zone, currency, default pipeline), read back by the app. */
import type { DbOrTx } from "../db/tx";

export interface OrgSettings {
  name: string;
  timeZone: string;
  currency: string;
  defaultPipeline: string | null;
}

export const ORG_KEY = "org";

export async function loadOrg(db: DbOrTx): Promise<OrgSettings | null> {
  const r = await db.selectFrom("settings").select("value").where("key", "=", ORG_KEY).executeTakeFirst();
  if (!r) return null;
  try {
    return JSON.parse(r.value) as OrgSettings;
  } catch {
    return null;
  }
}

export async function saveOrg(db: DbOrTx, org: OrgSettings, now: number): Promise<void> {
  const value = JSON.stringify(org);
  const r = await db.updateTable("settings").set({ value, updated_at: now }).where("key", "=", ORG_KEY).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto("settings").values({ key: ORG_KEY, value, updated_at: now }).execute();
}
