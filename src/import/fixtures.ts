/** Test fixtures for imports: people and pipelines in a fresh database, sample files, and a row-count snapshot. */
import { Readable } from "node:stream";
import type { Db } from "../db/connect";
import { seedPeople } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { type ImportOptions, type ImportReport, runImport } from "./engine";
import type { ImportKind } from "./kinds";
import { readCsv } from "./read-csv";

export const NOW = Date.parse("2026-06-15T02:00:00Z");
export const TZ = "Asia/Shanghai";

export async function seedImportDb(db: Db) {
  const ids = await seedPeople(db, NOW);
  await installDefaults(db, NOW);
  return ids;
}

export function importCsv(db: Db, kind: ImportKind, text: string, actorId: number, o: Partial<ImportOptions> = {}): Promise<ImportReport> {
  return runImport(db, readCsv(Readable.from([Buffer.from(text)])), { kind, tz: TZ, now: NOW, actor: { id: actorId, role: "admin", teamId: null }, ...o });
}

const TABLES = ["customers", "contacts", "opportunities", "stage_events", "activities", "orders", "audit_log"] as const;

/** Row counts and the sum of versions per table: equal snapshots mean nothing was written. */
export async function snapshot(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

export const CUSTOMERS_CSV = [
  "客户编号,客户名称,统一社会信用代码,行业,地区,负责人邮箱,优先级,标签",
  'C001,上海金豆科技有限公司,91350100M000100Y43,制造,华东,rep@test.jindou,高,"大客户,华东"',
  "C002,杭州银杏贸易有限公司,,贸易,华东,rep2@test.jindou,中,",
  "C003,深圳南方电子有限公司,,电子,华南,otherrep@test.jindou,低,重点",
].join("\n");

export const OPPORTUNITIES_CSV = [
  "external_id,title,customer_external_id,owner_email,pipeline,stage,amount,units,product,source,expected_close_date,created_at,status,closed_at,lost_reason,forecast_category",
  "O1,产线改造,C001,rep@test.jindou,crm5,报价,3万,2,A型机,cold_visit,2026-07-31,2026-03-01T09:00,,,,commit",
  'O2,仓储系统,C002,rep2@test.jindou,crm5,lead,"¥120,000",1,,inbound,2026/08/15,2026-04-01,open,,,',
  "O3,旧单,C001,rep@test.jindou,CRM five stages,won,50000,5,,follow_up,,2026-01-05,won,2026-02-20T15:00,,",
  "O4,丢掉的,C003,otherrep@test.jindou,crm5,qualified,1万,1,,,,2026-02-01,lost,2026-03-01,价格,",
].join("\n");
