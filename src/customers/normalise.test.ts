import { expect, test } from "vitest";
import { isValidCreditCode, normaliseName, withCheckChar } from "./normalise";

test("names differing in width, spaces, brackets and legal form are the same company", () => {
  const a = normaliseName("上海金豆科技有限公司");
  expect(normaliseName("上海 金豆科技(有限公司)")).toBe(a);
  expect(normaliseName("上海金豆科技（有限公司）")).toBe(a);
  expect(normaliseName("上海金豆科技股份有限公司")).toBe(a);
  expect(normaliseName("Jindou Tech Co., Ltd.")).toBe(normaliseName("JINDOU TECH"));
  expect(normaliseName("上海金豆科技")).toBe("上海金豆科技");
});

test("different companies stay different", () => {
  expect(normaliseName("上海金豆科技有限公司")).not.toBe(normaliseName("北京金豆科技有限公司"));
});

test("unified social credit codes carry a GB 32100 check character", () => {
  // A published example code: 91350100M000100Y43 (check char 3 computed by hand with the GB 32100 weights).
  expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
  expect(isValidCreditCode("91350100M000100Y44")).toBe(false);
  expect(isValidCreditCode("91350100M000100Y4")).toBe(false);
  expect(isValidCreditCode(withCheckChar("91310000MA1FL0000"))).toBe(true);
});
