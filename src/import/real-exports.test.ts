/**
 * Real exports, one command each and no edits, on both engines: `jindou init` on an empty database, then the
 * agents, an English CRM export (agents by name, blank accounts, its own stage names, a constant pipeline),
 * a GB18030 customer list, a UTF-16 tab-separated order list and an XLSX written by exceljs. Counts and sums
 * are checked against values computed here from the generated rows.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import ExcelJS from "exceljs";
import { beforeAll, expect, test, vi } from "vitest";
import { normaliseName } from "../customers/normalise";
import { loadConfig } from "../config";
import { forEachDatabase } from "../db/testing";
import { buildApp } from "../http/app";
import { initCommand } from "../init/cli";
import { importCommand } from "./cli";
import { NO_ACCOUNT_EXT } from "./customer-refs";
import { sql } from "kysely";
import { wonEvidence } from "../cash/store";
import { localToMs } from "./local-time";
import { AGENTS, chineseCustomers, cnOrders, CRM_MAPPING, crmCsv, crmDeals, customersCnCsv, usersCsv } from "./real-fixtures";
import { encodeGb18030, encodeUtf16Tab } from "./test-encodings";

const TZ = "Asia/Shanghai";
const dir = mkdtempSync(path.join(tmpdir(), "jindou-real-"));
const file = (name: string, body: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, body);
  return p;
};

const deals = crmDeals(400);
const customers = chineseCustomers();
const orders = cnOrders(customers, 300);

async function run(db: string, ...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  const e1 = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
    err.push(a.join(" "));
  });
  const l = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => {
    out.push(a.join(" "));
  });
  process.exitCode = 0;
  try {
    const program = new Command("jindou").exitOverride();
    importCommand(program);
    initCommand(program);
    await program.parseAsync(["node", "jindou", ...args, "--database", db, ...(args[0] === "import" ? ["--no-progress"] : [])]);
  } finally {
    o.mockRestore();
    e1.mockRestore();
    l.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: out.join(""), err: err.join("\n"), code };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fen = (yuan: string) => {
  const [a, b = "0"] = yuan.split(".");
  return Number(a) * 100 + Number(b.padEnd(2, "0"));
};

forEachDatabase("real exports, one command each", (ctx) => {
  const db = () => ctx().db;
  const loc = () => ctx().location;

  beforeAll(async () => {
    process.env.TZ_ORG = TZ;
  });

  test("on the empty database an import says in one line what to do next, and writes nothing", async () => {
    const r = await run(loc(), "import", "opportunities", file("early.csv", crmCsv(deals.slice(0, 3))));
    expect(r.code).toBe(1);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/jindou init/);
    expect(
      Number(
        (
          await db()
            .selectFrom("opportunities")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(0);
  });

  test("jindou init creates the admin, organisation and pipeline and nothing else", async () => {
    const r = await run(
      loc(),
      "init",
      "--org",
      "Acme 金豆",
      "--email",
      "boss@acme.example",
      "--name",
      "Boss",
      "--password",
      "s3cret-pass",
      "--pipeline",
      "crm5",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const users = await db().selectFrom("users").select(["email", "role"]).execute();
    expect(users).toEqual([{ email: "boss@acme.example", role: "admin" }]);
    for (const t of ["customers", "opportunities", "orders", "activities"] as const)
      expect(
        Number(
          (
            await db()
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        t,
      ).toBe(0);
    const again = await run(loc(), "init", "--org", "x", "--email", "b@x.example", "--name", "B", "--password", "12345678");
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already set up/);
  });

  test("the agents import with their teams, roles and managers", async () => {
    const r = await run(loc(), "import", "users", file("users.csv", usersCsv()));
    expect(r.out).toMatch(/inserted 9/);
    expect(r.code).toBe(0);
    const rows = await db()
      .selectFrom("users as u")
      .leftJoin("teams as t", "t.id", "u.team_id")
      .leftJoin("users as m", "m.id", "t.manager_id")
      .select(["u.name", "u.role", "t.name as team", "m.name as manager"])
      .where("u.email", "<>", "boss@acme.example")
      .orderBy("u.id")
      .execute();
    expect(rows).toEqual(
      AGENTS.map((a) => ({ name: a.name, role: a.role, team: a.team, manager: AGENTS.find((x) => x.team === a.team && x.role === "manager")!.name })),
    );
  });

  test("the English CRM export imports with one command: counts, sums, owners, stages reached", async () => {
    const mapping = file("crm.json", JSON.stringify(CRM_MAPPING));
    const r = await run(loc(), "import", "opportunities", file("sales_pipeline.csv", crmCsv(deals)), "--mapping", mapping, "--create-customers");
    expect(r.out).toMatch(/inserted 400/);
    expect(r.code).toBe(0);
    const opps = await db()
      .selectFrom("opportunities as o")
      .innerJoin("users as u", "u.id", "o.owner_id")
      .innerJoin("customers as c", "c.id", "o.customer_id")
      .innerJoin("stages as s", "s.id", "o.stage_id")
      .select([
        "o.id",
        "o.external_id",
        "o.status",
        "o.amount_fen",
        "o.title",
        "o.created_at",
        "o.closed_at",
        "u.name as owner",
        "c.name as account",
        "c.external_id as cext",
        "s.key as stage",
      ])
      .execute();
    expect(opps).toHaveLength(400);
    const byExt = new Map(opps.map((o) => [o.external_id, o]));
    const want = { open: 0, won: 0, lost: 0 };
    for (const d of deals) want[d.stage === "Won" ? "won" : d.stage === "Lost" ? "lost" : "open"]++;
    expect({
      open: opps.filter((o) => o.status === "open").length,
      won: opps.filter((o) => o.status === "won").length,
      lost: opps.filter((o) => o.status === "lost").length,
    }).toEqual(want);
    expect(sum(opps.filter((o) => o.status === "won").map((o) => Number(o.amount_fen)))).toBe(
      sum(deals.filter((d) => d.stage === "Won").map((d) => d.value * 100)),
    );
    for (const d of deals) {
      const o = byExt.get(d.id)!;
      expect(o.owner).toBe(d.agent);
      expect(o.stage).toBe({ Prospecting: "lead", Engaging: "qualified", Won: "won", Lost: "lost" }[d.stage]);
      if (d.account) expect([o.account, o.title]).toEqual([d.account, `${d.account} – ${d.product}`]);
      else expect([o.cext, o.title]).toEqual([NO_ACCOUNT_EXT, d.product]);
      const [y, m, dd] = (d.engage || "2016-10-01").split("-").map(Number);
      expect(Number(o.created_at)).toBe(localToMs(TZ, y, m, dd));
      if (d.close) {
        const [cy, cm, cd] = d.close.split("-").map(Number);
        expect(Number(o.closed_at)).toBe(localToMs(TZ, cy, cm, cd));
      }
    }
    const accounts = new Set(deals.map((d) => d.account).filter(Boolean));
    const custs = await db().selectFrom("customers").select(["name", "external_id", "owner_id"]).execute();
    expect(custs.length).toBe(accounts.size + 1);
    // Lost deals are recorded lost from the stage they reached (Engaging → qualified), not the first stage.
    const lostFrom = await db()
      .selectFrom("stage_events as e")
      .innerJoin("stages as s", "s.id", "e.from_stage_id")
      .select(["s.key"])
      .where("e.kind", "=", "lost")
      .execute();
    expect(lostFrom.length).toBe(want.lost);
    expect(new Set(lostFrom.map((x) => x.key))).toEqual(new Set(["qualified"]));
    // Importing the same file again changes nothing.
    const again = await run(loc(), "import", "opportunities", path.join(dir, "sales_pipeline.csv"), "--mapping", mapping, "--create-customers");
    expect(again.out).toMatch(/inserted 0, updated 0, unchanged 400/);
  });

  test("every bad cell of a row is reported, sources are checked, and nothing is written", async () => {
    const bad =
      "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_value,source\nX1,Nobody Known,GTX Pro,Acme Corporation,Dreaming,2016-13-40,lots,Walk-in\n";
    const errs = path.join(dir, "errors.csv");
    const r = await run(
      loc(),
      "import",
      "opportunities",
      file("bad.csv", bad),
      "--set",
      "pipeline=crm5",
      "--set",
      "title={account} – {product}",
      "--errors",
      errs,
    );
    expect(r.code).toBe(1);
    const csv = readFileSync(errs, "utf8");
    expect(csv.startsWith("\uFEFFrow,column,reason\r\n")).toBe(true);
    expect(csv).toMatch(/\r\n2,owner_email,"unknown owner/);
    for (const col of ["owner_email", "stage", "created_at", "amount", "source"]) expect(r.out, col).toMatch(new RegExp(`│ 2 +│ ${col}`));
    const fixed = await run(
      loc(),
      "import",
      "opportunities",
      path.join(dir, "bad.csv"),
      "--set",
      "pipeline=crm5",
      "--set",
      "title={account} – {product}",
      "--value",
      "source:Walk-in=inbound",
      "--dry-run",
    );
    expect(fixed.out).not.toMatch(/│ source/);
    expect(await db().selectFrom("opportunities").select("id").where("external_id", "=", "X1").executeTakeFirst()).toBeUndefined();
  });

  test("a GB18030 customer list without external ids: matched by name, re-import unchanged", async () => {
    const p = file("customers-gbk.csv", encodeGb18030(customersCnCsv(customers)));
    const r = await run(loc(), "import", "customers", p);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`inserted ${customers.length},`));
    const rows = await db()
      .selectFrom("customers as c")
      .innerJoin("users as u", "u.id", "c.owner_id")
      .select(["c.name", "c.industry", "u.name as owner"])
      .where(
        "c.name_norm",
        "in",
        customers.map((c) => normaliseName(c.name)),
      )
      .orderBy("c.id")
      .execute();
    expect(rows).toEqual(customers.map((c) => ({ name: c.name, industry: c.industry, owner: c.owner })));
    expect((await run(loc(), "import", "customers", p)).out).toMatch(new RegExp(`inserted 0, updated 0, unchanged ${customers.length}`));
  });

  test("a UTF-16 tab-separated order list (Excel's Unicode text) with customers by name", async () => {
    const p = file(
      "orders-utf16.txt",
      encodeUtf16Tab([["Customer Name", "Order Date", "Amount", "Quantity"], ...orders.map((o) => [o.customer, o.date, o.yuan, String(o.units)])]),
    );
    const r = await run(loc(), "import", "orders", p);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`inserted ${orders.length},`));
    const got = await db()
      .selectFrom("orders")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("amount_fen").as("fen"), eb.fn.sum<number>("units").as("units")])
      .executeTakeFirstOrThrow();
    expect([Number(got.n), Number(got.fen), Number(got.units)]).toEqual([orders.length, sum(orders.map((o) => fen(o.yuan))), sum(orders.map((o) => o.units))]);
  });

  test("an XLSX written by exceljs (date and number cells, Chinese headers)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("商机");
    ws.addRow(["商机编号", "商机名称", "客户名称", "负责人", "阶段", "金额(万元)", "创建日期", "状态", "关闭日期", "丢单原因"]);
    const xs = customers.slice(0, 6).map((c, i) => ({
      ext: `XL${i}`,
      title: `${c.name}扩产`,
      customer: c.name,
      owner: c.owner,
      stage: ["报价", "协议", "合格", "报价", "协议", "合格"][i],
      wan: 1.5 * (i + 1),
      created: new Date(Date.UTC(2026, 0, 5 + i)),
      status: i === 4 ? "丢单" : "进行中",
      closed: i === 4 ? new Date(Date.UTC(2026, 2, 1)) : null,
      reason: i === 4 ? "价格" : null,
    }));
    for (const x of xs) ws.addRow([x.ext, x.title, x.customer, x.owner, x.stage, x.wan, x.created, x.status, x.closed, x.reason]);
    const p = path.join(dir, "opps.xlsx");
    await wb.xlsx.writeFile(p);
    const r = await run(loc(), "import", "opportunities", p);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/inserted 6,/);
    const got = await db()
      .selectFrom("opportunities")
      .select(["external_id", "amount_fen", "status", "created_at"])
      .where("external_id", "like", "XL%")
      .orderBy("external_id")
      .execute();
    expect(got.map((o) => [o.external_id, Number(o.amount_fen), o.status, Number(o.created_at)])).toEqual(
      xs.map((x) => [x.ext, Math.round(x.wan * 1_000_000), x.status === "丢单" ? "lost" : "open", localToMs(TZ, 2026, 1, x.created.getUTCDate())]),
    );
  });

  test("the won deals' contracts with their schedules, then the payments: one command each, counted and summed, the Won evidence complete", async () => {
    const won = deals.filter((d) => d.stage === "Won");
    const plus = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const yuan = (f: number) => (f / 100).toFixed(2);
    const contracts = ["Contract Number,Opportunity ID,Account,Signed Date,Amount,Due Date,Installment Amount"];
    const payments = ["Payment ID,Contract Number,Payment Date,Amount"];
    let total = 0;
    for (const d of won) {
      const amount = d.value * 100;
      const first = Math.round(amount * 0.3);
      total += amount;
      // blank accounts stay blank: the contract's customer is the opportunity's
      contracts.push(
        `HT-${d.id},${d.id},${d.account},${d.close},${yuan(amount)},${d.close},${yuan(first)}`,
        `HT-${d.id},${d.id},${d.account},${d.close},${yuan(amount)},${plus(d.close, 30)},${yuan(amount - first)}`,
      );
      payments.push(`P1-${d.id},HT-${d.id},${d.close},${yuan(first)}`, `P2-${d.id},HT-${d.id},${plus(d.close, 20)},${yuan(amount - first)}`);
    }
    const k = await run(loc(), "import", "contracts", file("contracts.csv", contracts.join("\n")));
    expect(k.code, k.out).toBe(0);
    expect(k.out).toMatch(new RegExp(`inserted ${won.length},`));
    const p = await run(loc(), "import", "payments", file("payments.csv", payments.join("\n")));
    expect(p.code, p.out).toBe(0);
    expect(p.out).toMatch(new RegExp(`inserted ${2 * won.length},`));
    const one = async (q: string) => Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(db())).rows[0].n);
    expect(await one("select count(*) as n from payment_schedule")).toBe(2 * won.length);
    expect(await one("select coalesce(sum(amount_fen), 0) as n from contracts")).toBe(total);
    expect(await one("select coalesce(sum(amount_fen), 0) as n from payments")).toBe(total);
    // each contract sits on its deal's customer, and every won deal now has the Won gate's evidence
    expect(await one("select count(*) as n from contracts k join opportunities o on o.id = k.opportunity_id where o.customer_id <> k.customer_id")).toBe(0);
    const ids = (
      await db()
        .selectFrom("opportunities")
        .select("id")
        .where("status", "=", "won")
        .where(
          "external_id",
          "in",
          won.map((d) => d.id),
        )
        .execute()
    ).map((o) => o.id);
    for (const id of ids.slice(0, 25)) expect(await wonEvidence(db(), id)).toEqual({ contractSigned: true, firstPaymentReceived: true });
  });

  test("then the server starts on it: the admin signs in and sees the imported deals, and there are no demo rows", async () => {
    const app = await buildApp({ handle: ctx(), config: loadConfig({ TZ_ORG: TZ, JOBS: "0", LOG_LEVEL: "silent" } as NodeJS.ProcessEnv) });
    try {
      const login = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "boss@acme.example", password: "s3cret-pass" } });
      expect(login.statusCode).toBe(200);
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      const setup = await app.inject({ method: "GET", url: "/api/v1/setup" });
      expect(JSON.parse(setup.body)).toMatchObject({ needsSetup: false, org: { name: "Acme 金豆", currency: "CNY" } });
      const list = await app.inject({ method: "GET", url: "/api/v1/opportunities?limit=5", headers: { cookie } });
      expect(list.statusCode).toBe(200);
      const demo = await db().selectFrom("users").select("id").where("email", "like", "%@demo.jindou").execute();
      expect(demo).toEqual([]);
    } finally {
      await app.close();
    }
  });

  const soffice = (() => {
    try {
      execFileSync("which", ["soffice"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  if (!soffice) console.warn("SKIPPED: no LibreOffice (soffice) on this machine — the XLSX-converted-by-LibreOffice fixture is not tested here");
  test.skipIf(!soffice)("an XLSX converted by LibreOffice from the CSV", async () => {
    const csv = file("lo.csv", customersCnCsv(customers));
    execFileSync("soffice", ["--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", dir, csv], { stdio: "ignore", timeout: 120_000 });
    const r = await run(loc(), "import", "customers", path.join(dir, "lo.xlsx"));
    expect(r.err).toBe("");
    expect(r.out).toMatch(new RegExp(`inserted 0, updated 0, unchanged ${customers.length}`));
  });
});
