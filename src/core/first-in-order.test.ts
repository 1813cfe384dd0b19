import { describe, expect, it } from "vitest";
import { firstInOrder } from "./first-in-order";
import { seededRandom as rng } from "./seeded-random";

describe("firstInOrder", () => {
  it("picks the top k of a worked example, ties in input order", () => {
    const xs = [
      { id: 1, v: 5 },
      { id: 2, v: 9 },
      { id: 3, v: 5 },
      { id: 4, v: 7 },
      { id: 5, v: 9 },
    ];
    expect(firstInOrder(xs, 3, (a, b) => b.v - a.v).map((x) => x.id)).toEqual([2, 5, 4]);
    expect(firstInOrder(xs, 4, (a, b) => b.v - a.v).map((x) => x.id)).toEqual([2, 5, 4, 1]);
    expect(firstInOrder(xs, 0, (a, b) => b.v - a.v)).toEqual([]);
    expect(firstInOrder(xs, 9, (a, b) => b.v - a.v).map((x) => x.id)).toEqual([2, 5, 4, 1, 3]);
  });

  it("equals a stable full sort then slice on random lists with many ties", () => {
    const r = rng(10);
    for (let round = 0; round < 300; round++) {
      const n = Math.floor(r() * 60);
      const xs = Array.from({ length: n }, (_, id) => ({ id, v: Math.floor(r() * 6) }));
      const k = Math.floor(r() * (n + 3));
      const cmp = (a: { v: number }, b: { v: number }) => b.v - a.v;
      expect(firstInOrder(xs, k, cmp)).toEqual([...xs].sort(cmp).slice(0, k));
    }
  });
});
