/**
 * JSON settings in the `settings` table, one row per key: read with a check, so a damaged row is an error that names
 * the key and says how to repair it (never a silent default), and written as an upsert inside the caller's transaction.
 */
import type { DbOrTx } from "./tx";

/** The stored JSON text of a setting, or null when none is stored. */
export async function readSetting(db: DbOrTx, key: string): Promise<string | null> {
  const r = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  return r ? r.value : null;
}

/** The JSON of a stored setting; text that is not JSON is an error naming the key and the repair. */
export function parseSetting(key: string, text: string, repair: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`setting ${key} is not valid JSON (${(e as Error).message}); ${repair}`, { cause: e });
  }
}

/** A check of a stored value: the value to use, or what is wrong with it. */
export type SettingCheck<T> = (stored: unknown) => { value: T } | { problem: string };

/**
 * The stored setting checked by `check`, or `fallback` when none is stored. Not JSON, or refused by the check, is an
 * error: `setting <key> is invalid (<problem>); <repair>`.
 */
export async function loadSetting<T>(db: DbOrTx, key: string, o: { fallback: T; check: SettingCheck<T>; repair: string }): Promise<T> {
  const text = await readSetting(db, key);
  if (text == null) return o.fallback;
  const r = o.check(parseSetting(key, text, o.repair));
  if ("problem" in r) throw new Error(`setting ${key} is invalid (${r.problem}); ${o.repair}`);
  return r.value;
}

/** Stores the value as the setting's JSON (insert or replace); call it inside the transaction that writes the audit row. */
export async function writeSetting(db: DbOrTx, key: string, value: unknown, now: number): Promise<void> {
  const json = JSON.stringify(value);
  const r = await db.updateTable("settings").set({ value: json, updated_at: now }).where("key", "=", key).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto("settings").values({ key, value: json, updated_at: now }).execute();
}
