import { expect, test } from "vitest";
import type { Db } from "./connect";
import { hasShared, sharedAggregate, sharedKeys } from "./data-stamp";

// sharedAggregate only keys its entries by the handle and asks `stampOf` for the stamp: a bare object stands in for a database.
const fakeDb = () => ({}) as Db;

test("a key computed again under a new stamp releases every entry of the stamp it superseded, and no other", async () => {
  const db = fakeDb();
  let orders = "o1";
  const byOrders = async () => orders;
  const byOther = async () => "x1";
  let runs = 0;
  const compute = (v: string) => async () => {
    runs++;
    return v;
  };
  await sharedAggregate(db, "totals:w1", compute("t1"), byOrders);
  await sharedAggregate(db, "totals:w2", compute("t2"), byOrders);
  await sharedAggregate(db, "clv-fit", compute("f"), byOrders);
  await sharedAggregate(db, "other", compute("x"), byOther);
  expect(runs).toBe(4);
  // same stamp: shared, nothing recomputed
  expect(await sharedAggregate(db, "totals:w2", compute("never"), byOrders)).toBe("t2");
  expect(runs).toBe(4);

  orders = "o2";
  expect(await sharedAggregate(db, "totals:w1", compute("t1'"), byOrders)).toBe("t1'");
  // w2 and the fit were of o1: released with it, not kept until 200 newer keys push them out
  expect(sharedKeys(db).sort()).toEqual(["other", "totals:w1"]);
  expect(hasShared(db, "totals:w1", "o2")).toBe(true);
  expect(hasShared(db, "other", "x1")).toBe(true);
  // a released key is simply computed again when asked
  expect(await sharedAggregate(db, "totals:w2", compute("t2'"), byOrders)).toBe("t2'");
  expect(runs).toBe(6);
});

test("a computation that fails is forgotten, a newer one under the same key is not", async () => {
  const db = fakeDb();
  let stamp = "s1";
  const stampOf = async () => stamp;
  let fail!: (e: Error) => void;
  const first = sharedAggregate(db, "k", () => new Promise<string>((_, reject) => (fail = reject)), stampOf);
  stamp = "s2";
  expect(await sharedAggregate(db, "k", async () => "fresh", stampOf)).toBe("fresh");
  fail(new Error("boom"));
  await expect(first).rejects.toThrow("boom");
  expect(hasShared(db, "k", "s2")).toBe(true);
});
