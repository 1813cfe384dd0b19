import { expect, test } from "vitest";
import {
  DEFAULT_APPROVAL_POLICY,
  isApprovalPolicy,
  lineTotalFen,
  nextQuoteState,
  type QuoteAction,
  type QuoteStatus,
  quoteTotals,
  requiredApproval,
} from "./quote";

// 10 units at ¥3 000 with 5 % off the line, plus 2 services at ¥5 000 list; then 10 % off the whole quote.
//   list = 10 × 300 000 + 2 × 500 000 = 4 000 000 fen (¥40 000)
//   lines = 3 000 000 × 0.95 + 1 000 000 = 2 850 000 + 1 000 000 = 3 850 000
//   total = 3 850 000 × 0.9 = 3 465 000 fen (¥34 650)
//   effective discount = (4 000 000 − 3 465 000) / 4 000 000 = 13.375 % → 1 338 bp (rounded)
test("a quote with a line discount and a quote discount", () => {
  const t = quoteTotals(
    [
      { units: 10, unitPriceFen: 300_000, discountBp: 500 },
      { units: 2, unitPriceFen: 500_000, discountBp: 0 },
    ],
    1_000,
  );
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
  expect(nextQuoteState("pending_approval", 1, { kind: "decide", decision: "approved", approverRole: "manager", required: need })).toEqual({
    ok: false,
    reason: "this discount needs approval by an admin",
  });
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

test("a unit price below the catalogue's list price is a discount; above it is none; an empty quote has none", () => {
  // 4 units listed at ¥100, sold at ¥80 with no line discount: 3 200 of 4 000 list → 20 % off
  expect(quoteTotals([{ units: 4, unitPriceFen: 8_000, discountBp: 0, listPriceFen: 10_000 }], 0)).toEqual({
    listFen: 40_000,
    subtotalFen: 32_000,
    totalFen: 32_000,
    effectiveDiscountBp: 2_000,
  });
  // sold above list: 1 200 of 1 000 list is no discount (never negative)
  expect(quoteTotals([{ units: 1, unitPriceFen: 12_000, discountBp: 0, listPriceFen: 10_000 }], 0).effectiveDiscountBp).toBe(0);
  // a null list price means the unit price is the list
  expect(quoteTotals([{ units: 1, unitPriceFen: 10_000, discountBp: 2_500, listPriceFen: null }], 0)).toEqual({
    listFen: 10_000,
    subtotalFen: 7_500,
    totalFen: 7_500,
    effectiveDiscountBp: 2_500,
  });
  expect(quoteTotals([], 1_000)).toEqual({ listFen: 0, subtotalFen: 0, totalFen: 0, effectiveDiscountBp: 0 });
  // line totals round to whole fen: 3 × ¥0.33 at 5 % off = 94.05 fen → 94
  expect(lineTotalFen({ units: 3, unitPriceFen: 33, discountBp: 500 })).toBe(94);
  expect(lineTotalFen({ units: 1, unitPriceFen: 10, discountBp: 10_000 })).toBe(0);
});

test("the strictest level passed wins, whatever order the policy lists them in; a threshold is exclusive", () => {
  const policy = [
    { overBp: 2_000, role: "admin" as const },
    { overBp: 1_000, role: "manager" as const },
  ];
  expect(requiredApproval(2_500, policy)).toEqual({ overBp: 2_000, role: "admin" });
  expect(requiredApproval(1_500, policy)).toEqual({ overBp: 1_000, role: "manager" });
  expect(requiredApproval(2_000, policy)).toEqual({ overBp: 1_000, role: "manager" });
  expect(requiredApproval(1_001, DEFAULT_APPROVAL_POLICY)).toEqual({ overBp: 1_000, role: "manager" });
  expect(requiredApproval(0, [{ overBp: 0, role: "manager" }])).toBeNull();
});

test("every action from every status: what the workflow allows, and the reason it gives otherwise", () => {
  const manager = { overBp: 1_000, role: "manager" as const };
  const STATUSES: QuoteStatus[] = ["draft", "pending_approval", "approved", "rejected", "sent", "accepted", "declined"];
  const actions: Record<string, QuoteAction> = {
    submit: { kind: "submit", required: manager },
    approve: { kind: "decide", decision: "approved", approverRole: "manager", required: manager },
    revise: { kind: "revise" },
    send: { kind: "send" },
    accept: { kind: "accept" },
    decline: { kind: "decline" },
  };
  // written out by hand: the resulting status, or the reason
  const expected: Record<string, Record<QuoteStatus, string>> = {
    submit: {
      draft: "pending_approval",
      pending_approval: "a pending_approval quote cannot be submitted",
      approved: "a approved quote cannot be submitted",
      rejected: "a rejected quote cannot be submitted",
      sent: "a sent quote cannot be submitted",
      accepted: "a accepted quote cannot be submitted",
      declined: "a declined quote cannot be submitted",
    },
    approve: {
      draft: "the quote is not waiting for approval",
      pending_approval: "approved",
      approved: "the quote is not waiting for approval",
      rejected: "the quote is not waiting for approval",
      sent: "the quote is not waiting for approval",
      accepted: "the quote is not waiting for approval",
      declined: "the quote is not waiting for approval",
    },
    revise: {
      draft: "draft",
      pending_approval: "a pending_approval quote cannot be revised",
      approved: "draft",
      rejected: "draft",
      sent: "a sent quote cannot be revised",
      accepted: "a accepted quote cannot be revised",
      declined: "a declined quote cannot be revised",
    },
    send: {
      draft: "only an approved quote can be sent",
      pending_approval: "only an approved quote can be sent",
      approved: "sent",
      rejected: "only an approved quote can be sent",
      sent: "only an approved quote can be sent",
      accepted: "only an approved quote can be sent",
      declined: "only an approved quote can be sent",
    },
    accept: {
      draft: "only a sent quote can be accepted or declined",
      pending_approval: "only a sent quote can be accepted or declined",
      approved: "accepted",
      rejected: "only a sent quote can be accepted or declined",
      sent: "accepted",
      accepted: "only a sent quote can be accepted or declined",
      declined: "only a sent quote can be accepted or declined",
    },
    decline: {
      draft: "only a sent quote can be accepted or declined",
      pending_approval: "only a sent quote can be accepted or declined",
      approved: "declined",
      rejected: "only a sent quote can be accepted or declined",
      sent: "declined",
      accepted: "only a sent quote can be accepted or declined",
      declined: "only a sent quote can be accepted or declined",
    },
  };
  for (const [name, a] of Object.entries(actions))
    for (const s of STATUSES) {
      const r = nextQuoteState(s, 3, a);
      const want = expected[name][s];
      expect([name, s, r]).toEqual([
        name,
        s,
        STATUSES.includes(want as QuoteStatus) ? { ok: true, status: want, round: name === "submit" ? 4 : 3 } : { ok: false, reason: want },
      ]);
    }
});

test("who may decide: a rep never approves a discount that needs a manager; without a required level anyone's decision stands", () => {
  const manager = { overBp: 1_000, role: "manager" as const };
  expect(nextQuoteState("pending_approval", 1, { kind: "decide", decision: "approved", approverRole: "rep", required: manager })).toEqual({
    ok: false,
    reason: "this discount needs approval by a manager",
  });
  expect(nextQuoteState("pending_approval", 1, { kind: "decide", decision: "rejected", approverRole: "admin", required: manager })).toEqual({
    ok: true,
    status: "rejected",
    round: 1,
  });
  expect(nextQuoteState("pending_approval", 1, { kind: "decide", decision: "approved", approverRole: "rep", required: null })).toEqual({
    ok: true,
    status: "approved",
    round: 1,
  });
});

test("a stored approval policy: up to five levels of an integer threshold 0…10 000 bp and a manager or admin", () => {
  expect(isApprovalPolicy(DEFAULT_APPROVAL_POLICY)).toBe(true);
  expect(isApprovalPolicy([])).toBe(true);
  expect(
    isApprovalPolicy([
      { overBp: 0, role: "admin" },
      { overBp: 10_000, role: "manager" },
    ]),
  ).toBe(true);
  expect(isApprovalPolicy(Array.from({ length: 5 }, (_, i) => ({ overBp: i, role: "manager" })))).toBe(true);
  for (const bad of [
    null,
    "x",
    { overBp: 1, role: "manager" },
    Array.from({ length: 6 }, (_, i) => ({ overBp: i, role: "manager" })),
    [null],
    [7],
    [{ overBp: -1, role: "manager" }],
    [{ overBp: 10_001, role: "manager" }],
    [{ overBp: 1.5, role: "manager" }],
    [{ overBp: "100", role: "manager" }],
    [{ overBp: 100, role: "rep" }],
    [{ overBp: 100 }],
    [
      { overBp: 100, role: "manager" },
      { overBp: 200, role: "boss" },
    ],
  ])
    expect([bad, isApprovalPolicy(bad)]).toEqual([bad, false]);
});
