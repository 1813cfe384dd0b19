import { expect, test } from "vitest";
import { columns, encode, fitEncoder, topFactors, type FeatureRow } from "./features";

const row = (amount: number, source: string | null): FeatureRow => ({ numeric: { amount }, categorical: { source } });
// amounts 1, 2, 3, 4 → mean 2.5, population sd = √((2.25 + 0.25 + 0.25 + 2.25) / 4) = √1.25
const rows = [row(1, "inbound"), row(2, "inbound"), row(3, "cold"), row(4, null)];

test("numbers are standardised and categories one-hot, rare values dropped", () => {
  const enc = fitEncoder(rows, 2);
  expect(enc.numeric[0].mean).toBe(2.5);
  expect(enc.numeric[0].sd).toBeCloseTo(Math.sqrt(1.25), 12);
  expect(enc.categorical[0].values).toEqual([{ value: "inbound", share: 0.5 }]); // "cold" seen once < 2
  expect(columns(enc).map((c) => `${c.name}${c.value ? "=" + c.value : ""}`)).toEqual(["amount", "source=inbound"]);
  expect(encode(enc, row(5, "inbound"))).toEqual([2.5 / Math.sqrt(1.25), 1]);
  expect(encode(enc, row(2.5, "cold"))).toEqual([0, 0]);
});

test("top factors: weight × distance from the training average, biggest first", () => {
  const enc = fitEncoder(rows, 2);
  // weights: amount 0.2 per sd, inbound +1.0. For amount 2.5 (average) and source inbound:
  //   amount: 0.2 × 0 = 0; inbound: 1.0 × (1 − 0.5) = 0.5
  const f = topFactors(enc, [0.2, 1.0], row(2.5, "inbound"), 2);
  expect(f[0]).toEqual({ name: "source", raw: "inbound", contribution: 0.5 });
  expect(f[1].contribution).toBe(0);
  // a cold lead (no inbound): 1.0 × (0 − 0.5) = −0.5
  expect(topFactors(enc, [0.2, 1.0], row(2.5, "cold"), 1)[0].contribution).toBe(-0.5);
});
