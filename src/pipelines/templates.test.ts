/** The shipped templates are well formed and faithful to the seeds. */
import { expect, test } from "vitest";
import { TEMPLATES, templateByKey } from "./templates";

test("six templates with unique snake_case stage keys and bilingual texts", () => {
  expect(TEMPLATES.map((t) => t.key)).toEqual(["crm5", "probability", "project7", "solution", "lifecycle", "retail"]);
  for (const t of TEMPLATES) {
    const keys = t.stages.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of t.stages) {
      expect(s.key).toMatch(/^[a-z][a-z0-9_]*$/);
      for (const b of [s.name, s.definition, ...s.criteria, ...s.actions]) expect(b.zh && b.en).toBeTruthy();
    }
  }
});

test("open stages rise in probability towards Won", () => {
  for (const t of TEMPLATES.filter((x) => x.kind === "deal")) {
    const open = t.stages.filter((s) => s.kind === "open").map((s) => s.probability);
    expect([...open].sort((a, b) => a - b)).toEqual(open);
    expect(t.stages.find((s) => s.kind === "won")?.probability).toBe(100);
  }
});

test("the seven phases of 001 carry the seed's actions", () => {
  const p = templateByKey("project7");
  expect(p?.stages.map((s) => s.name.zh).slice(0, 7)).toEqual([
    "待沟通",
    "初步接触并了解问题",
    "确认问题并提出解决方案",
    "确认方案",
    "谈判沟通",
    "预成交",
    "成交",
  ]);
  expect(p?.stages[3].actions.map((a) => a.zh)).toEqual(["产品测试", "提交测试报告"]);
});

test("the retail funnel's target conversions give the seed's 100 → 70 → 40 → 20 → 10", () => {
  const stages = templateByKey("retail")?.stages.filter((s) => s.kind === "open") ?? [];
  const flow = [100];
  for (const s of stages) flow.push(flow[flow.length - 1] * (s.targetConversion ?? 0));
  expect(flow.map((n) => Math.round(n))).toEqual([100, 70, 40, 20, 10]);
});
