import { expect, test } from "vitest";
import { endOfDay, previousRange, resolveRange } from "./range";

const SH = "Asia/Shanghai";
const now = Date.parse("2026-06-15T02:00:00Z");

test("a period key, its previous period, and the default quarter", () => {
  const r = resolveRange({ period: "2026-05" }, SH, now);
  expect(new Date(r.start).toISOString()).toBe("2026-04-30T16:00:00.000Z");
  expect(previousRange(r, SH).key).toBe("2026-04");
  expect(resolveRange({}, SH, now).key).toBe("2026-Q2");
});

test("from/to are whole local days, and the previous range has the same length", () => {
  const r = resolveRange({ from: "2026-06-01", to: "2026-06-10" }, SH, now);
  expect(new Date(r.start).toISOString()).toBe("2026-05-31T16:00:00.000Z");
  expect(new Date(r.end).toISOString()).toBe("2026-06-10T16:00:00.000Z");
  const p = previousRange(r, SH);
  expect(p.end).toBe(r.start);
  expect(r.end - r.start).toBe(10 * 86_400_000);
  expect(p.start).toBe(r.start - 10 * 86_400_000);
  expect(new Date(endOfDay("2026-06-10", SH)).toISOString()).toBe("2026-06-10T16:00:00.000Z");
});

test("bad input is a 400 with the field", () => {
  expect(() => resolveRange({ period: "2026-13" }, SH, now)).toThrow(/period/);
  expect(() => resolveRange({ from: "2026-06-10", to: "2026-06-01" }, SH, now)).toThrow(/before/);
});
