import { expect, test } from "vitest";
import { pinyinKeys } from "./pinyin";

test("金豆科技 is found by jdkj and by jindou", () => {
  expect(pinyinKeys("金豆科技")).toBe("jdkj jindoukeji");
  expect(pinyinKeys("杭州金豆科技有限公司")).toContain("jdkj");
});

test("letters and digits stay, punctuation and spaces go, several texts are joined", () => {
  expect(pinyinKeys("A3 金豆")).toBe("a3jd a3jindou");
  expect(pinyinKeys("王伟", "销售总监")).toBe("wwxszj wangweixiaoshouzongjian");
  expect(pinyinKeys("ACME Ltd.")).toBe("acmeltd");
});

test("no text gives an empty key", () => {
  expect(pinyinKeys(null, "", "  ")).toBe("");
});
