import { expect, test } from "vitest";
import { addMonths, resolveWindow } from "./window";

test("month arithmetic clamps to the month's end", () => {
  expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
  expect(addMonths("2026-06-15", -12)).toBe("2025-06-15");
  expect(addMonths("2025-11-30", 3)).toBe("2026-02-28");
});

test("twelve months to 2026-06-15 in Shanghai start 2025-06-16 00:00 local (16:00 UTC the day before)", () => {
  const w = resolveWindow({}, Date.parse("2026-06-15T02:00:00Z"), "Asia/Shanghai", 12);
  expect([w.from, w.to]).toEqual(["2025-06-16", "2026-06-15"]);
  expect(new Date(w.window.from).toISOString()).toBe("2025-06-15T16:00:00.000Z");
  expect(new Date(w.window.to).toISOString()).toBe("2026-06-15T16:00:00.000Z");
});
