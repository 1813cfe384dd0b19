import { expect, test } from "vitest";
import { DEFAULT_APPROVAL_POLICY, nextQuoteState, quoteTotals, requiredApproval } from "./quote";

// 10 units at ¥3 000 with 5 % off the line, plus 2 services at ¥5 000 list; then 10 % off the whole quote.
//   list = 10 × 300 000 + 2 × 500 000 = 4 000 000 fen (¥40 000)
//   lines = 3 000 000 × 0.95 + 1 000 000 = 2 850 000 + 1 000 000 = 3 850 000
//   total = 3 850 000 × 0.9 = 3 465 000 fen (¥34 650)
//   effective discount = (4 000 000 − 3 465 000) / 4 000 000 = 13.375 % → 1 338 bp (rounded)
test("a quote with a line discount and a quote discount", () => {
  const t = quoteTotals([{ units: 10, unitPriceFen: 300_000, discountBp: 500 }, { units: 2, unitPriceFen: 500_000, discountBp: 0 }], 1_000);
  expect(t).toEqual({ listFen: 4_000_000, subtotalFen: 3_850_000, totalFen: 3_465_000, effectiveDiscountBp: 1_338 });
});

test("13.4 % needs a manager, 25 % an admin, exactly 10 % nobody", () => {
  expect(requiredApproval(1_338, DEFAULT_APPROVAL_POLICY)?.role).toBe("manager");
  expect(requiredApproval(2_500, DEFAULT_APPROVAL_POLICY)?.role).toBe("admin");
  expect(requiredApproval(1_000, DEFAULT_APPROVAL_POLICY)).toBeNull();
  expect(requiredApproval(5_000, [])).toBeNull();
});

test("two approval rounds: rejected, revised, approved — then sent and accepted", () => {
  const need = requiredApproval(2_500, DEFAULT_APPROVAL_POLICY);
  let s = nextQuoteState("draft", 0, { kind: "submit", required: need });
  expect(s).toEqual({ ok: true, status: "pending_approval", round: 1 });
  expect(nextQuoteState("pending_approval", 1, { kind: "decide", decision: "approved", approverRole: "manager", required: need }))
    .toEqual({ ok: false, reason: "this discount needs approval by an admin" });
  s = nextQuoteState("pending_approval", 1, { kind: "decide", decision: "rejected", approverRole: "admin", required: need });
  expect(s).toEqual({ ok: true, status: "rejected", round: 1 });
  s = nextQuoteState("rejected", 1, { kind: "revise" });
  s = nextQuoteState("draft", 1, { kind: "submit", required: need });
  expect(s).toEqual({ ok: true, status: "pending_approval", round: 2 });
  s = nextQuoteState("pending_approval", 2, { kind: "decide", decision: "approved", approverRole: "admin", required: need });
  expect(s).toEqual({ ok: true, status: "approved", round: 2 });
  expect(nextQuoteState("approved", 2, { kind: "send" })).toEqual({ ok: true, status: "sent", round: 2 });
  expect(nextQuoteState("sent", 2, { kind: "accept" })).toEqual({ ok: true, status: "accepted", round: 2 });
});

test("a small discount is approved on submission, and a draft cannot be sent", () => {
  expect(nextQuoteState("draft", 0, { kind: "submit", required: null })).toEqual({ ok: true, status: "approved", round: 0 });
  expect(nextQuoteState("draft", 0, { kind: "send" }).ok).toBe(false);
  expect(nextQuoteState("accepted", 1, { kind: "submit", required: null }).ok).toBe(false);
});
