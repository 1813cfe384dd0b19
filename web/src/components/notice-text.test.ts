/** Notices read as sentences in both languages; the stalled-deal notice's bilingual stage fills its {stage}. */
import { expect, test } from "vitest";
import { makeT } from "../i18n";
import { noticeText } from "./notice-text";

const stalled = { kind: "deal_stalled", params: { title: "年度框架", customer: "甲公司", stageZh: "方案报价", stageEn: "Proposal", days: 12 } };

test("the stalled-deal notice names the stage in the reader's language", () => {
  expect(noticeText(makeT("zh-CN"), "zh-CN", stalled)).toBe("商机「年度框架」(甲公司)在「方案报价」已停留 12 天");
  expect(noticeText(makeT("en"), "en", stalled)).toBe("年度框架 (甲公司) has been in Proposal for 12 days");
});

test("a stage name missing in the reader's language falls back to the other one, never a bare {stage}", () => {
  const noEn = { ...stalled, params: { ...stalled.params, stageEn: "" } };
  expect(noticeText(makeT("en"), "en", noEn)).toBe("年度框架 (甲公司) has been in 方案报价 for 12 days");
  const noZh = { ...stalled, params: { ...stalled.params, stageZh: null } };
  expect(noticeText(makeT("zh-CN"), "zh-CN", noZh)).toBe("商机「年度框架」(甲公司)在「Proposal」已停留 12 天");
});

test("an unknown kind reads as the generic notice", () => {
  expect(noticeText(makeT("en"), "en", { kind: "something_new", params: {} })).toBe("You have a new notification");
});
