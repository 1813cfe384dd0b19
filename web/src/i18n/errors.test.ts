/** Every code the server can answer has its own sentence in both languages (not the generic fallback). */
import { expect, test } from "vitest";
import { STATUS } from "../../../src/http/errors";
import { describeError } from "./errors";
import { errorsEn } from "./errors.en";
import { errorsZh } from "./errors.zh";

test("each server error code is translated in zh-CN and en", () => {
  const codes = [...Object.keys(STATUS), "INTERNAL"];
  expect(codes.filter((c) => !errorsZh[c])).toEqual([]);
  expect(codes.filter((c) => !errorsEn[c])).toEqual([]);
});

test("a write conflict tells the user nothing was saved, in Chinese", () => {
  const zh = describeError("zh-CN", { code: "WRITE_CONFLICT", params: {} });
  expect(zh).toContain("未保存");
  expect(zh).not.toMatch(/[A-Za-z]/);
  expect(describeError("en", { code: "WRITE_CONFLICT" })).toMatch(/nothing was saved/);
});
