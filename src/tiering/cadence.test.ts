import { expect, test } from "vitest";
import { addDays, revisitAfterContact, revisitAfterPriority } from "./cadence";

const days = { high: 7, medium: 14, low: 30 };

test("after a contact the next revisit is the priority's cadence later, across month and year ends", () => {
  expect(revisitAfterContact("2026-06-18", "high", days)).toBe("2026-06-25");
  expect(revisitAfterContact("2026-06-18", "medium", days)).toBe("2026-07-02");
  expect(revisitAfterContact("2026-12-15", "low", days)).toBe("2027-01-14");
  expect(revisitAfterContact("2026-06-18", null, days)).toBeNull();
  expect(revisitAfterContact("2026-06-18", "vip", days)).toBeNull();
  expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
});

test("a change of priority brings the revisit forward, never back", () => {
  expect(revisitAfterPriority("2026-07-30", "2026-06-10", "high", days)).toBe("2026-06-17");
  expect(revisitAfterPriority("2026-06-12", "2026-06-10", "low", days)).toBe("2026-06-12");
  expect(revisitAfterPriority(null, "2026-06-10", "medium", days)).toBe("2026-06-24");
  expect(revisitAfterPriority("2026-06-24", "2026-06-10", "medium", days)).toBe("2026-06-24");
  expect(revisitAfterPriority("2026-06-12", "2026-06-10", null, days)).toBe("2026-06-12");
});
