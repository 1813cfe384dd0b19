import { expect, test } from "vitest";
import { wonPolicy } from "../cash/won-policy-store";
import { loadSettings } from "../tiering/reports";
import { loadSetting, readSetting, writeSetting } from "./settings-store";
import { forEachDatabase } from "./testing";

const positive = (v: unknown) => (typeof v === "number" && v > 0 ? { value: v } : { problem: "must be a positive number" });

forEachDatabase("JSON settings", (db) => {
  test("no row gives the fallback; a write is read back; a second write replaces it", async () => {
    expect(await loadSetting(db().db, "test.n", { fallback: 7, check: positive, repair: "save it again" })).toBe(7);
    await writeSetting(db().db, "test.n", 3, 1);
    await writeSetting(db().db, "test.n", 5, 2);
    expect(await readSetting(db().db, "test.n")).toBe("5");
    expect(await loadSetting(db().db, "test.n", { fallback: 7, check: positive, repair: "save it again" })).toBe(5);
  });

  test("a damaged row is an error naming the key, the problem and the repair, never the fallback", async () => {
    await writeSetting(db().db, "test.n", -1, 3);
    await expect(loadSetting(db().db, "test.n", { fallback: 7, check: positive, repair: "save it again" })).rejects.toThrow(
      "setting test.n is invalid (must be a positive number); save it again",
    );
    await db().db.updateTable("settings").set({ value: "{not json" }).where("key", "=", "test.n").execute();
    await expect(loadSetting(db().db, "test.n", { fallback: 7, check: positive, repair: "save it again" })).rejects.toThrow(
      /^setting test\.n is not valid JSON \(.+\); save it again$/,
    );
  });

  test("the Won policy and the tiering settings raise on damaged rows, naming their keys", async () => {
    await writeSetting(db().db, "cash.won_policy", { minFirstPaymentShare: 2 }, 4);
    await expect(wonPolicy(db().db)).rejects.toThrow(/^setting cash\.won_policy is invalid .*save the Won policy again/);
    await writeSetting(db().db, "cash.won_policy", { minFirstPaymentShare: 0.2 }, 5);
    expect(await wonPolicy(db().db)).toEqual({ minFirstPaymentShare: 0.2 });
    await db().db.insertInto("settings").values({ key: "tiering", value: "[oops", updated_at: 6 }).execute();
    await expect(loadSettings(db().db)).rejects.toThrow(/^setting tiering is not valid JSON .*save them again in Settings/);
    const problems: string[] = [];
    await loadSettings(db().db, (p) => problems.push(p.section));
    expect(problems).toEqual(["*"]);
  });
});
