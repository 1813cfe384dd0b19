/**
 * Quotes, contracts with their payment schedules, and payments: imported with one call each on both engines,
 * through the same rules as the API (the cash stores), counted and summed against values computed here, and
 * exported and imported back unchanged.
 */
import { expect, test } from "vitest";
import { recordPayment } from "../cash/contract-store";
import { forEachDatabase } from "../db/testing";
import { exportPages } from "../export/queries";
import { exportStream } from "../export/write";
import { CUSTOMERS_CSV, importCsv, NOW, OPPORTUNITIES_CSV, seedImportDb, TZ } from "./fixtures";
import type { ImportKind } from "./kinds";
import { seededRandom } from "../core/seeded-random";

const CASH_TABLES = ["quotes", "quote_lines", "quote_approvals", "contracts", "payment_schedule", "payments", "audit_log"] as const;

/** Twelve contracts on C001–C003 (one to three instalments each), and payments on them, with the sums they must give. */
function fixture() {
  const rand = seededRandom(20261201);
  const cust = ["C001", "C002", "C003"];
  const contracts: string[] = ["合同编号,客户编号,商机编号,签订日期,合同金额,计划回款日期,计划回款金额"];
  const payments: string[] = ["回款编号,合同编号,回款日期,回款金额,备注"];
  let amountFen = 0,
    instalments = 0,
    paidFen = 0,
    paymentRows = 0;
  for (let i = 1; i <= 12; i++) {
    const c = cust[i % 3];
    const month = 1 + (i % 5);
    const signed = `2026-0${month}-1${i % 9}`;
    const n = 1 + (i % 3);
    const parts = Array.from({ length: n }, () => 100_000 + Math.floor(rand() * 9_000_000)); // fen
    const total = parts.reduce((s, p) => s + p, 0);
    amountFen += total;
    instalments += n;
    const yuan = (f: number) => (f / 100).toFixed(2);
    const opp = c === "C001" && i === 3 ? "O1" : "";
    parts.forEach((p, k) => contracts.push(`HT-${i},${c},${opp},${signed},${yuan(total)},2026-0${Math.min(9, month + k)}-20,${yuan(p)}`));
    // the first instalment is paid a day after signing, in two halves for even contracts
    const first = parts[0];
    const payDay = `2026-0${month}-2${i % 9}`;
    if (i % 2 === 0) {
      const half = Math.floor(first / 2);
      payments.push(`HK-${i}a,HT-${i},${payDay},${yuan(half)},首付款`, `HK-${i}b,HT-${i},${payDay},${yuan(first - half)},`);
      paymentRows += 2;
    } else {
      payments.push(`HK-${i},HT-${i},${payDay},${yuan(first)},首付款`);
      paymentRows++;
    }
    paidFen += first;
  }
  // a refund, and two identical rows without an id (each gets its own key from its content)
  payments.push("HK-R,HT-2,2026-06-01,-100.00,退款", ",HT-4,2026-06-02,50,", ",HT-4,2026-06-02,50,");
  paidFen += -10_000 + 2 * 5_000;
  paymentRows += 3;
  return { contracts: contracts.join("\n"), payments: payments.join("\n"), amountFen, instalments, paidFen, paymentRows };
}

forEachDatabase("lead-to-cash imports", (h) => {
  let ids: Awaited<ReturnType<typeof seedImportDb>>;
  const db = () => h().db;
  const fx = fixture();
  const count = async (t: (typeof CASH_TABLES)[number]) =>
    Number(
      (
        await db()
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const sum = async (t: "contracts" | "payment_schedule" | "payments") =>
    Number(
      (
        await db()
          .selectFrom(t)
          .select((eb) => eb.fn.sum<number>("amount_fen").as("s"))
          .executeTakeFirstOrThrow()
      ).s ?? 0,
    );
  const snap = async () => Object.fromEntries(await Promise.all(CASH_TABLES.map(async (t) => [t, await count(t)])));
  const asRep = (id: number, teamId: number | null) => ({ actor: { id, role: "rep" as const, teamId } });

  test("contracts with their schedules: one row per instalment, counted and summed", async () => {
    ids = await seedImportDb(db());
    expect((await importCsv(db(), "customers", CUSTOMERS_CSV, ids.admin)).status).toBe("done");
    expect((await importCsv(db(), "opportunities", OPPORTUNITIES_CSV, ids.admin)).status).toBe("done");
    const r = await importCsv(db(), "contracts", fx.contracts, ids.admin);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "done", inserted: 12, processed: fx.instalments });
    expect(await count("contracts")).toBe(12);
    expect(await count("payment_schedule")).toBe(fx.instalments);
    expect(await sum("contracts")).toBe(fx.amountFen);
    expect(await sum("payment_schedule")).toBe(fx.amountFen);
    const k3 = await db()
      .selectFrom("contracts as k")
      .innerJoin("opportunities as o", "o.id", "k.opportunity_id")
      .select(["o.external_id"])
      .where("k.number", "=", "HT-3")
      .executeTakeFirstOrThrow();
    expect(k3.external_id).toBe("O1");
  });

  test("payments: counted and summed; a refund and rows without an id; the same file again is unchanged", async () => {
    const r = await importCsv(db(), "payments", fx.payments, ids.admin);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "done", inserted: fx.paymentRows });
    expect(await count("payments")).toBe(fx.paymentRows);
    expect(await sum("payments")).toBe(fx.paidFen);
    const before = await snap();
    for (const [kind, text] of [
      ["contracts", fx.contracts],
      ["payments", fx.payments],
    ] as const) {
      const again = await importCsv(db(), kind, text, ids.admin);
      expect(again, kind).toMatchObject({ status: "done", inserted: 0, updated: 0 });
    }
    expect(await snap()).toEqual(before);
  });

  test.each([
    [
      "a payment before the contract was signed",
      "payments",
      "contract_number,received_date,amount\nHT-1,2025-12-31,100",
      { row: 2, column: "received_date", reason: expect.stringMatching(/PAYMENT_BEFORE_SIGNING/) },
    ],
    [
      "a payment after today",
      "payments",
      "contract_number,received_date,amount\nHT-1,2026-06-16,100",
      { row: 2, column: "received_date", reason: expect.stringMatching(/PAYMENT_IN_FUTURE/) },
    ],
    ["a payment of zero", "payments", "contract_number,received_date,amount\nHT-1,2026-06-01,0", { row: 2, column: "amount" }],
    ["a payment on an unknown contract", "payments", "contract_number,received_date,amount\nHT-404,2026-06-01,10", { row: 2, column: "contract_number" }],
    [
      "instalments that do not add up",
      "contracts",
      "number,customer_external_id,signed_date,amount,due_date,instalment_amount\nHT-X,C001,2026-05-01,100,2026-06-01,60\nHT-X,C001,2026-05-01,100,2026-07-01,30",
      { row: 2, column: "instalment_amount", reason: expect.stringMatching(/add up/) },
    ],
    [
      "an instalment due before signing",
      "contracts",
      "number,customer_external_id,signed_date,amount,due_date,instalment_amount\nHT-Y,C001,2026-05-01,100,2026-04-01,100",
      { row: 2, column: "instalment_amount", reason: expect.stringMatching(/before the contract is signed/) },
    ],
    [
      "a contract signed after today",
      "contracts",
      "number,customer_external_id,signed_date,amount\nHT-Z,C001,2026-07-01,100",
      { row: 2, column: "signed_date", reason: expect.stringMatching(/CONTRACT_SIGNED_IN_FUTURE/) },
    ],
    [
      "an opportunity of another customer",
      "contracts",
      "number,customer_external_id,opportunity_external_id,signed_date,amount\nHT-W,C002,O1,2026-05-01,100",
      { row: 2, column: "opportunity_external_id" },
    ],
    [
      "rows of one contract that disagree",
      "contracts",
      "number,customer_external_id,signed_date,amount,due_date,instalment_amount\nHT-V,C001,2026-05-01,100,2026-06-01,50\nHT-V,C001,2026-05-02,100,2026-07-01,50",
      { row: 3, column: "signed_date" },
    ],
    [
      "a contract already there with other terms",
      "contracts",
      "number,customer_external_id,signed_date,amount\nHT-1,C002,2026-05-01,100",
      { row: 2, column: "number" },
    ],
  ])("%s is refused and nothing is written", async (_name, kind, text, error) => {
    const before = await snap();
    const r = await importCsv(db(), kind as ImportKind, text, ids.admin);
    expect(r.status).toBe("failed");
    expect(r.errors).toContainEqual(expect.objectContaining(error));
    expect(await snap()).toEqual(before);
  });

  test("a rep imports only on customers and contracts they may see (another team's customer is unknown)", async () => {
    const before = await snap();
    const k = await importCsv(
      db(),
      "contracts",
      "number,customer_external_id,signed_date,amount\nHT-R1,C003,2026-05-01,100",
      ids.rep,
      asRep(ids.rep, ids.teamA),
    );
    expect(k.errors).toEqual([{ row: 2, column: "customer_external_id", reason: expect.stringMatching(/unknown customer: C003/) }]);
    // HT-1 is on C002 (rep2's), not visible to rep
    const own = await db()
      .selectFrom("contracts as k")
      .innerJoin("customers as c", "c.id", "k.customer_id")
      .select("k.number")
      .where("c.external_id", "=", "C002")
      .executeTakeFirstOrThrow();
    const p = await importCsv(db(), "payments", `contract_number,received_date,amount\n${own.number},2026-06-01,10`, ids.rep, asRep(ids.rep, ids.teamA));
    expect(p.errors).toEqual([{ row: 2, column: "contract_number", reason: expect.stringMatching(/not found/) }]);
    expect(await snap()).toEqual(before);
  });

  test("the store refuses a payment before signing on the API's path too", async () => {
    const k = await db().selectFrom("contracts").select(["id"]).where("number", "=", "HT-1").executeTakeFirstOrThrow();
    const viewer = { id: ids.admin, role: "admin" as const, teamId: null, name: "a", email: "a", locale: "zh-CN" };
    await expect(recordPayment(db(), viewer, Number(k.id), { receivedDate: "2025-01-01", amountFen: 100 }, NOW, TZ)).rejects.toMatchObject({
      code: "PAYMENT_BEFORE_SIGNING",
    });
  });

  test("quotes: lines grouped by number, totals as the quote rule computes them, walked to their status through approval", async () => {
    const csv = [
      "报价单号,商机编号,产品,数量,单价,行折扣,整单折扣,状态",
      "BJ-1,O1,A型机,2,15000,5%,,已接受",
      "BJ-1,O1,安装,1,2000.50,,,已接受",
      "BJ-2,O2,B型机,4,8000,,25%,已发送",
      "BJ-3,O1,C型机,1,1000,,,草稿",
    ].join("\n");
    const r = await importCsv(db(), "quotes", csv, ids.admin);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "done", inserted: 3 });
    const q = new Map((await db().selectFrom("quotes").selectAll().execute()).map((x) => [x.number, x]));
    // BJ-1: 2 × 15 000 × 95 % + 2 000.50 = 30 500.50 yuan; BJ-2: 4 × 8 000 × 75 % = 24 000 yuan
    expect(Number(q.get("BJ-1")!.total_fen)).toBe(3_050_050);
    expect(Number(q.get("BJ-2")!.total_fen)).toBe(2_400_000);
    expect([q.get("BJ-1")!.status, q.get("BJ-2")!.status, q.get("BJ-3")!.status]).toEqual(["accepted", "sent", "draft"]);
    // 25 % needs an admin's approval (default policy): one round recorded, by the importing admin
    const approvals = await db().selectFrom("quote_approvals").selectAll().where("quote_id", "=", q.get("BJ-2")!.id).execute();
    expect(approvals).toMatchObject([{ round: 1, approver_id: ids.admin, decision: "approved" }]);
    expect(await importCsv(db(), "quotes", csv, ids.admin)).toMatchObject({ status: "done", inserted: 0, unchanged: 3 });
  });

  test("a rep cannot import a quote whose discount needs a manager's approval as approved", async () => {
    const before = await snap();
    const r = await importCsv(
      db(),
      "quotes",
      "number,opportunity_external_id,product,units,unit_price,discount_pct,status\nBJ-9,O1,A,1,100,15,approved",
      ids.rep,
      asRep(ids.rep, ids.teamA),
    );
    expect(r.errors).toEqual([{ row: 2, column: null, reason: expect.stringMatching(/needs approval by a manager/) }]);
    expect(await snap()).toEqual(before);
  });

  test("export → import of quotes, contracts and payments changes nothing", async () => {
    const viewer = { id: ids.admin, role: "admin" as const, teamId: null, name: "a", email: "a", locale: "zh-CN" };
    const before = await snap();
    for (const kind of ["quotes", "contracts", "payments"] as const) {
      const chunks: Buffer[] = [];
      for await (const c of exportStream(kind, "csv", exportPages(db(), viewer, kind, {}, TZ))) chunks.push(Buffer.from(c));
      const text = Buffer.concat(chunks).toString("utf8");
      const lines = text.trim().split(/\r\n/);
      expect(lines.length - 1, kind).toBe(kind === "quotes" ? 4 : kind === "contracts" ? fx.instalments : fx.paymentRows);
      const r = await importCsv(db(), kind, text, ids.admin);
      expect(r.errors, kind).toEqual([]);
      expect(r, kind).toMatchObject({ status: "done", inserted: 0, updated: 0 });
    }
    expect(await snap()).toEqual(before);
  });
});
