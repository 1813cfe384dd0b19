import { describe, expect, test } from "vitest";
import { normaliseSizeBand } from "./size-band";

describe("size bands", () => {
  test("Chinese and English spellings map to one stored code", () => {
    expect(["中型", " 中 ", "Medium", "medium", "中型企业"].map(normaliseSizeBand)).toEqual(["medium", "medium", "medium", "medium", "medium"]);
    expect(normaliseSizeBand("大型")).toBe("large");
    expect(normaliseSizeBand("小微")).toBe("small");
  });
  test("empty is null, anything else is not a size band", () => {
    expect(normaliseSizeBand("")).toBeNull();
    expect(normaliseSizeBand(null)).toBeNull();
    expect(normaliseSizeBand("巨型")).toBeUndefined();
  });
});
