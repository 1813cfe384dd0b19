import { expect, test } from "vitest";
import { DEFAULT_TIERING, mergeSettings, TieringSettingsSchema } from "./settings-model";

test("the defaults are valid settings", () => {
  expect(TieringSettingsSchema.safeParse(DEFAULT_TIERING).success).toBe(true);
});

test("stored sections override the defaults; unknown ones are ignored", () => {
  const s = mergeSettings({ abc: { a: 0.7, b: 0.9, topFraction: 0.1 }, junk: 1 });
  expect(s.abc.a).toBe(0.7);
  expect(s.pyramid).toEqual(DEFAULT_TIERING.pyramid);
  expect(mergeSettings(null)).toEqual(DEFAULT_TIERING);
});

test("an invalid stored section is an error naming it, not a silent default", () => {
  const stored = { abc: { a: 0.7, b: 0.9, topFraction: 0.1 }, pyramid: [{ key: "x", nameZh: "x", nameEn: "x", share: 0.5 }] }; // shares add to 50 %
  expect(() => mergeSettings(stored)).toThrow(/pyramid/);
  const problems: string[] = [];
  const s = mergeSettings(stored, (p) => problems.push(p.section));
  expect(problems).toEqual(["pyramid"]);
  expect(s.pyramid).toEqual(DEFAULT_TIERING.pyramid);
  expect(s.abc.a).toBe(0.7);
});
