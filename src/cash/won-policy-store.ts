/** The Won policy setting (minimum first-payment share), stored in `settings` under "cash.won_policy". */
import { z } from "zod";
import { audit } from "../audit/log";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx } from "../db/tx";
import { DEFAULT_WON_POLICY, type WonPolicy } from "./won-contract";

const KEY = "cash.won_policy";
export const WonPolicyBody = z.object({ minFirstPaymentShare: z.number().min(0).max(1) });

/** The stored policy, or the default when none is stored; a damaged row is an error naming the setting, never a silent default. */
export async function wonPolicy(db: DbOrTx): Promise<WonPolicy> {
  const r = await db.selectFrom("settings").select("value").where("key", "=", KEY).executeTakeFirst();
  if (!r) return DEFAULT_WON_POLICY;
  let stored: unknown;
  try {
    stored = JSON.parse(r.value);
  } catch (err) {
    throw new Error(`setting ${KEY} is not valid JSON (${(err as Error).message}); save the Won policy again to repair it`);
  }
  const parsed = WonPolicyBody.safeParse(stored);
  if (!parsed.success) throw new Error(`setting ${KEY} is invalid (${parsed.error.issues[0]?.message}); save the Won policy again to repair it`);
  return parsed.data;
}

/** Replaces the policy, with its audit row, in one transaction. */
export async function saveWonPolicy(db: Db, actorId: number, policy: WonPolicy, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    const before = await tx.selectFrom("settings").select("value").where("key", "=", KEY).executeTakeFirst();
    await tx.deleteFrom("settings").where("key", "=", KEY).execute();
    await tx.insertInto("settings").values({ key: KEY, value: JSON.stringify(policy), updated_at: now }).execute();
    await audit(tx, actorId, "setting", 0, "update", { [KEY]: [before ? before.value : null, policy] }, now);
  });
}
