import { expect, test } from "vitest";
import { commissionBase } from "./commission";

test("only money collected in the period counts, capped at the contract amount", () => {
  // Rep 1: contract 1 of 1 000; paid 600 before the period, 600 in it → only 400 more is commissionable.
  // Rep 1: contract 2 of 500; paid 200 in the period. Rep 2: contract 3 of 800, paid 300 after the period.
  // Base rep 1 = 400 + 200 = 600; at 5 % (500 bp) commission 30. Rep 2 has nothing in the period.
  const lines = commissionBase(
    [
      { id: 1, ownerId: 1, amountFen: 1_000 },
      { id: 2, ownerId: 1, amountFen: 500 },
      { id: 3, ownerId: 2, amountFen: 800 },
    ],
    [
      { contractId: 1, receivedAt: 5, amountFen: 600 },
      { contractId: 1, receivedAt: 15, amountFen: 600 },
      { contractId: 2, receivedAt: 12, amountFen: 200 },
      { contractId: 3, receivedAt: 25, amountFen: 300 },
    ],
    10,
    20,
    500,
  );
  expect(lines).toEqual([{ ownerId: 1, collectedFen: 600, contracts: 2, commissionFen: 30 }]);
});

test("a refund reduces the base", () => {
  const lines = commissionBase(
    [{ id: 1, ownerId: 1, amountFen: 1_000 }],
    [
      { contractId: 1, receivedAt: 1, amountFen: 700 },
      { contractId: 1, receivedAt: 2, amountFen: -200 },
    ],
    0,
    10,
  );
  expect(lines[0].collectedFen).toBe(500);
});
