/** Grading columns against the object path they replace (gradeCustomers + gradeSummary over one object per customer). */
import { expect, test } from "vitest";
import { seededRandom as rng } from "../core/seeded-random";
import { firstInOrder } from "../core/first-in-order";
import { DEFAULT_GRADING, type GradingConfig, type GradingInput, gradeCustomers, gradeSummary } from "./grading";
import { gradeColumns } from "./grading-columns";

const CREDIT = [null, "AAA", "B", " 优 ", "x", "D"];
const PROSPECT = [null, "high", "低", "C", "?"];

function rows(seed: number, n: number): GradingInput[] {
  const r = rng(seed);
  const pick = (k: number) => Math.floor(r() * k);
  return Array.from({ length: n }, (_, i) => {
    const orderAmount = pick(3) ? pick(6) * 1_000_000 : 0;
    return {
      customerId: 2 * i + 1 + pick(2),
      orderAmount,
      profit: orderAmount - pick(5) * 400_000,
      credit: CREDIT[pick(CREDIT.length)],
      prospect: PROSPECT[pick(PROSPECT.length)],
    };
  });
}

const CUSTOM: GradingConfig = {
  rules: {
    ...DEFAULT_GRADING.rules,
    orderAmount: { kind: "linear", zero: 0, full: 3_000_000 },
    profit: {
      kind: "steps",
      steps: [
        { min: 0, score: 30 },
        { min: 1_000_000, score: 80 },
      ],
    },
  },
  weights: { orderAmount: 0.2, profit: 0, credit: 0.5, prospect: 0.3 },
  grades: [
    { grade: "C", min: 0 },
    { grade: "A", min: 66.5 },
    { grade: "B", min: 40 },
  ],
};

test("random bases: summary and the listed customers equal the object path", () => {
  let listed = 0;
  for (let seed = 1; seed <= 40; seed++)
    for (const n of [0, 1, 2, 25, 400])
      for (const cfg of [DEFAULT_GRADING, CUSTOM])
        for (const limit of [0, 4, 100, 1_000]) {
          const rs = rows(seed, n);
          const graded = gradeCustomers(rs, cfg);
          const want = {
            summary: gradeSummary(graded, cfg),
            customers: firstInOrder(graded, limit, (a, b) => b.composite - a.composite || a.customerId - b.customerId),
          };
          const got = gradeColumns(
            {
              customerId: Float64Array.from(rs, (x) => x.customerId),
              orderAmount: Float64Array.from(rs, (x) => x.orderAmount),
              profit: Float64Array.from(rs, (x) => x.profit),
              credit: rs.map((x) => x.credit),
              prospect: rs.map((x) => x.prospect),
            },
            limit,
            cfg,
          );
          expect(got, `seed ${seed} n ${n} limit ${limit}`).toEqual(want);
          listed += want.customers.length;
        }
  expect(listed).toBeGreaterThan(10_000);
});
