/** The Won policy setting (minimum first-payment share), stored in `settings` under "cash.won_policy". */
import { z } from "zod";
import { audit } from "../audit/log";
import type { Db } from "../db/connect";
import { loadSetting, readSetting, writeSetting } from "../db/settings-store";
import { type DbOrTx, inTx } from "../db/tx";
import { DEFAULT_WON_POLICY, type WonPolicy } from "./won-contract";

const KEY = "cash.won_policy";
export const WonPolicyBody = z.object({ minFirstPaymentShare: z.number().min(0).max(1) });

/** The stored policy, or the default when none is stored; a damaged row is an error naming the setting, never a silent default. */
export function wonPolicy(db: DbOrTx): Promise<WonPolicy> {
  return loadSetting<WonPolicy>(db, KEY, {
    fallback: DEFAULT_WON_POLICY,
    check: (v) => {
      const parsed = WonPolicyBody.safeParse(v);
      return parsed.success ? { value: parsed.data } : { problem: parsed.error.issues[0]?.message ?? "not a Won policy" };
    },
    repair: "save the Won policy again to repair it",
  });
}

/** Replaces the policy, with its audit row, in one transaction. */
export async function saveWonPolicy(db: Db, actorId: number, policy: WonPolicy, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    const before = await readSetting(tx, KEY);
    await writeSetting(tx, KEY, policy, now);
    await audit(tx, actorId, "setting", 0, "update", { [KEY]: [before, policy] }, now);
  });
}
