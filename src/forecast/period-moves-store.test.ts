/**
 * The Friday view's moved in / moved out / slipped on both databases, through the API: deals dated a month ago,
 * then this week re-dated, created and lost; the lists, counts and totals are the worked example's, scoped by viewer.
 * Edge cases of the close_date_changes read model (changed twice, changed back, owner changed, deal deleted, another
 * rep's deal) answer as the audit-log scan it replaced (kept in src/readmodels/oracle/period-moves.ts) did.
 */
import { beforeAll, expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { DAY_MS } from "../core/dates";
import { loadViewer } from "../http/auth";
import { forEachApp, PEOPLE, TEST_NOW, type Person } from "../http/testing";
import { importCsv } from "../import/fixtures";
import { installDefaults } from "../pipelines/install";
import { opportunitiesChanged } from "../readmodels/maintain";
import * as oracle from "../readmodels/oracle/period-moves";
import { periodMoveLists } from "./period-moves-store";

forEachApp("friday moved in / out / slipped", (t) => {
  const W = 1_000_000; // 1万 in fen
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });
  const deal = async (who: Person, key: string, expectedCloseDate: string, wan: number) => {
    const c = await t().call(who, "POST", "/api/v1/customers", { name: `期间移动客户${key}${t().kind}` });
    const crm5 = (await t().call(who, "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
    const o = await t().call(who, "POST", "/api/v1/opportunities", {
      customerId: c.body.customer.id,
      pipelineId: crm5.id,
      title: `移动${key}`,
      amountFen: wan * W,
      expectedCloseDate,
      source: "inbound",
    });
    expect(o.status).toBe(201);
    ids[key] = o.body.id;
  };
  const redate = async (who: Person, key: string, expectedCloseDate: string) => {
    const cur = await t().call(who, "GET", `/api/v1/opportunities/${ids[key]}`);
    expect((await t().call(who, "PATCH", `/api/v1/opportunities/${ids[key]}`, { version: cur.body.version, expectedCloseDate })).status).toBe(200);
  };
  type List = { count: number; amountFen: number; items: Array<{ id: number; reason: string; fromDate: string | null; toDate: string | null }> };
  const friday = async (who: Person) => (await t().call(who, "GET", "/api/v1/reports/forecast/friday?period=2026-Q2")).body.periodMoves as Record<string, List>;

  test("a worked week: one pulled in and one new; one slipped (and a colleague's); one lost", async () => {
    t().clock.now = TEST_NOW - 30 * DAY_MS; // a month ago
    await deal("rep", "A", "2026-08-01", 50); // Q3, pulled into Q2 this week
    await deal("rep", "B", "2026-06-25", 30); // Q2, pushed to Q3 this week
    await deal("rep", "C", "2026-05-20", 20); // Q2, lost this week
    await deal("rep2", "D", "2026-06-01", 40); // Q2, pushed to Q3 this week (another rep's)
    await deal("rep", "F", "2026-04-20", 10); // Q2, re-dated within Q2: no move
    t().clock.now = TEST_NOW;
    await deal("rep", "E", "2026-06-28", 15); // new this week, Q2
    await redate("rep", "A", "2026-06-20");
    await redate("rep", "B", "2026-07-10");
    await redate("rep2", "D", "2026-09-30");
    await redate("rep", "F", "2026-05-05");
    const cur = await t().call("rep", "GET", `/api/v1/opportunities/${ids.C}`);
    const lost = await t().call("rep", "POST", `/api/v1/opportunities/${ids.C}/transition`, {
      version: cur.body.version,
      action: "lost",
      lostReason: "competitor",
    });
    expect(lost.status).toBe(200);

    const m = await friday("admin");
    const rows = (l: List) => l.items.map((x) => [x.id, x.reason, x.fromDate, x.toDate]);
    expect(rows(m.movedIn)).toEqual([
      [ids.A, "pulled_in", "2026-08-01", "2026-06-20"],
      [ids.E, "new", null, "2026-06-28"],
    ]);
    expect([m.movedIn.count, m.movedIn.amountFen]).toEqual([2, 65 * W]);
    expect(rows(m.slipped)).toEqual([
      [ids.D, "pushed_out", "2026-06-01", "2026-09-30"],
      [ids.B, "pushed_out", "2026-06-25", "2026-07-10"],
    ]);
    expect([m.slipped.count, m.slipped.amountFen]).toEqual([2, 70 * W]);
    expect(rows(m.movedOut)).toEqual([[ids.C, "lost", "2026-05-20", "2026-05-20"]]);
    expect([m.movedOut.count, m.movedOut.amountFen]).toEqual([1, 20 * W]);
  });

  test("a rep sees only the moves of deals they may see; next week the same deals have not moved", async () => {
    const m = await friday("rep");
    expect(m.slipped.items.map((x) => x.id)).toEqual([ids.B]);
    expect(m.slipped.amountFen).toBe(30 * W);
    expect((await friday("otherRep")).movedIn.count).toBe(0);
    t().clock.now = TEST_NOW + 8 * DAY_MS;
    const later = await friday("admin");
    expect([later.movedIn.count, later.movedOut.count, later.slipped.count]).toEqual([0, 0, 0]);
    t().clock.now = TEST_NOW;
  });

  const Q2 = { from: "2026-04-01", to: "2026-07-01" };
  const viewer = async (who: Person) => (await loadViewer(t().db, t().ids[who])) as Viewer;
  const only = (l: List, keys: string[]) => l.items.filter((x) => keys.some((k) => ids[k] === x.id)).map((x) => [x.id, x.reason, x.fromDate, x.toDate]);
  const sameAsOracle = async () => {
    for (const who of PEOPLE) {
      const v = await viewer(who);
      for (const since of [t().clock.now - 7 * DAY_MS, t().clock.now - 40 * DAY_MS]) {
        const w = { since, now: t().clock.now, ...Q2 };
        expect(await periodMoveLists(t().db, v, w), `${who} since ${since}`).toEqual(await oracle.periodMoveLists(t().db, v, w));
      }
    }
  };

  test("changed twice, changed back, owner changed, another rep's deal: as the audit scan, and the worked lists", async () => {
    t().clock.now = TEST_NOW - 30 * DAY_MS;
    await deal("rep", "G", "2026-08-01", 11); // Q3 → Q2 → Q2 again this week: pulled in from its first date
    await deal("rep", "H", "2026-05-10", 12); // Q2 → Q3 → back to Q2 this week: no move
    await deal("rep", "I", "2026-06-05", 13); // Q2 → Q4 this week, then handed to rep2
    await deal("rep2", "J", "2026-04-15", 14); // rep2's, Q2 → Q3: not the rep's to see
    t().clock.now = TEST_NOW - 3 * DAY_MS;
    await redate("rep", "G", "2026-06-10");
    await redate("rep", "H", "2026-07-15");
    await redate("rep", "I", "2026-10-20");
    await redate("rep2", "J", "2026-08-08");
    t().clock.now = TEST_NOW - 1 * DAY_MS;
    await redate("rep", "G", "2026-06-20");
    await redate("rep", "H", "2026-05-10");
    expect((await t().call("admin", "POST", "/api/v1/opportunities/transfer", { ids: [ids.I], toUserId: t().ids.rep2 })).status).toBe(200);
    t().clock.now = TEST_NOW;

    const admin = await friday("admin");
    expect(only(admin.movedIn, ["G", "H", "I", "J"])).toEqual([[ids.G, "pulled_in", "2026-08-01", "2026-06-20"]]);
    expect(only(admin.slipped, ["G", "H", "I", "J"])).toEqual([
      [ids.J, "pushed_out", "2026-04-15", "2026-08-08"],
      [ids.I, "pushed_out", "2026-06-05", "2026-10-20"],
    ]);
    expect(only(admin.movedOut, ["G", "H", "I", "J"])).toEqual([]);
    const rep = await friday("rep");
    expect(only(rep.movedIn, ["G", "H", "I", "J"])).toEqual([[ids.G, "pulled_in", "2026-08-01", "2026-06-20"]]);
    expect(only(rep.slipped, ["G", "H", "I", "J"])).toEqual([]); // I is rep2's now, J always was
    const rep2 = await friday("rep2");
    expect(only(rep2.slipped, ["G", "H", "I", "J"])).toEqual([
      [ids.J, "pushed_out", "2026-04-15", "2026-08-08"],
      [ids.I, "pushed_out", "2026-06-05", "2026-10-20"],
    ]);
    // the model follows the owner: the transferred deal's rows are rep2's
    const owners = await t().db.selectFrom("close_date_changes").select("owner_id").distinct().where("opportunity_id", "=", ids.I).execute();
    expect(owners.map((o) => Number(o.owner_id))).toEqual([t().ids.rep2]);
    await sameAsOracle();
  });

  test("a deleted deal's changes are gone from the lists and the model", async () => {
    t().clock.now = TEST_NOW - 30 * DAY_MS;
    await deal("rep", "K", "2026-06-12", 16);
    t().clock.now = TEST_NOW - DAY_MS;
    await redate("rep", "K", "2026-07-02");
    t().clock.now = TEST_NOW;
    expect(only((await friday("rep")).slipped, ["K"])).toEqual([[ids.K, "pushed_out", "2026-06-12", "2026-07-02"]]);
    // No route deletes a deal today; a writer that does removes the row and maintains the models in its transaction.
    await t()
      .db.transaction()
      .execute(async (tx) => {
        for (const table of ["stage_events", "stage_visits", "opportunity_facts"] as const)
          await tx.deleteFrom(table).where("opportunity_id", "=", ids.K).execute();
        await tx.deleteFrom("opportunities").where("id", "=", ids.K).execute();
        await opportunitiesChanged(tx, [ids.K]);
      });
    expect(only((await friday("rep")).slipped, ["K"])).toEqual([]);
    expect(only((await friday("admin")).slipped, ["K"])).toEqual([]);
    expect(await t().db.selectFrom("close_date_changes").select("audit_id").where("opportunity_id", "=", ids.K).execute()).toEqual([]);
    await sameAsOracle();
  });

  test("an import that re-dates an existing deal moves it (the audit scan missed imports: it read 'update' rows only)", async () => {
    t().clock.now = TEST_NOW - 30 * DAY_MS;
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: `导入改期客户${t().kind}`, externalId: `CUST-REDATE-${t().kind}` });
    expect(c.status).toBe(201);
    const csv = (date: string) =>
      [
        "external_id,title,customer_external_id,owner_email,pipeline,stage,amount,created_at,status,expected_close_date",
        `REDATE-1,导入改期,CUST-REDATE-${t().kind},rep@test.jindou,crm5,lead,17万,2026-05-01,open,${date}`,
      ].join("\n");
    expect((await importCsv(t().db, "opportunities", csv("2026-05-25"), t().ids.admin, { now: t().clock.now })).errors).toEqual([]);
    ids.L = (await t().db.selectFrom("opportunities").select("id").where("external_id", "=", "REDATE-1").executeTakeFirstOrThrow()).id;
    t().clock.now = TEST_NOW - 2 * DAY_MS;
    expect((await importCsv(t().db, "opportunities", csv("2026-08-31"), t().ids.admin, { now: t().clock.now })).errors).toEqual([]);
    t().clock.now = TEST_NOW;
    const rep = await friday("rep");
    expect(only(rep.slipped, ["L"])).toEqual([[ids.L, "pushed_out", "2026-05-25", "2026-08-31"]]);
    const w = { since: TEST_NOW - 7 * DAY_MS, now: TEST_NOW, ...Q2 };
    expect(only((await oracle.periodMoveLists(t().db, await viewer("rep"), w)).slipped, ["L"])).toEqual([]);
  });
});
