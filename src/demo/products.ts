/**
 * The demo's product catalogue: every product the generated deals and orders name (words.ts), with a code, category,
 * unit and cost, on one default price list at list price. Written after the deals and orders, it links them by name
 * and draws no random numbers, so the rest of the demo (amounts, dates, checksums) is what it was without it:
 *  - quote lines get the product and its list price (their unit price already is the list price);
 *  - orders get the product;
 *  - a won, lost or open deal whose amount divides evenly by its units gets one line item at that negotiated unit
 *    price (total = the deal's amount, so the amount stays the lines' sum), measured against the list price.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";
import { ORDER_PRODUCTS, PRODUCTS } from "./words";

type Category = "硬件" | "软件" | "服务" | "耗材";
/** Cost as a share of the list price, by category. */
const COST_SHARE: Record<Category, number> = { 硬件: 0.6, 软件: 0.3, 服务: 0.5, 耗材: 0.55 };

/** Material code (1xxx hardware, 2xxx software, 3xxx services, 4xxx consumables), category and unit of each product name words.ts uses. */
export const CATALOGUE: Record<string, { code: string; category: Category; unit: string }> = {
  "工业物联网网关 G200": { code: "1001", category: "硬件", unit: "台" },
  "边缘计算控制器 K5": { code: "1002", category: "硬件", unit: "台" },
  "视觉检测工作站 V3": { code: "1003", category: "硬件", unit: "套" },
  "数据采集终端 D10": { code: "1004", category: "硬件", unit: "台" },
  传感器模块: { code: "1005", category: "硬件", unit: "个" },
  "MES 制造执行系统": { code: "2001", category: "软件", unit: "套" },
  智能仓储系统: { code: "2002", category: "软件", unit: "套" },
  "设备运维平台(年订阅)": { code: "2003", category: "软件", unit: "年" },
  软件升级许可: { code: "2004", category: "软件", unit: "个" },
  实施与培训服务: { code: "3001", category: "服务", unit: "人天" },
  "维保服务(季度)": { code: "3002", category: "服务", unit: "季度" },
  备件包: { code: "4001", category: "耗材", unit: "包" },
  耗材: { code: "4002", category: "耗材", unit: "批" },
};

/** The catalogue rows: one per distinct product name of the deals and the orders, in words.ts order. */
export function catalogueRows(now: number) {
  const byName = new Map([...PRODUCTS, ...ORDER_PRODUCTS].map((p) => [p.name, p.priceFen]));
  return [...byName].map(([name, priceFen]) => {
    const c = CATALOGUE[name];
    if (!c) throw new Error(`demo product "${name}" has no catalogue entry`);
    return {
      code: c.code,
      name,
      category: c.category,
      unit: c.unit,
      list_price_fen: priceFen,
      cost_fen: Math.round(priceFen * COST_SHARE[c.category]),
      created_at: now,
      updated_at: now,
    };
  });
}

export const DEMO_PRICE_LIST = "标准价目表";

/** Writes the catalogue and the default price list, then links the quote lines, orders and deals to it (see above). */
export async function writeDemoProducts(conn: Kysely<Database>, now: number): Promise<Record<string, number>> {
  const rows = catalogueRows(now);
  await conn.insertInto("products").values(rows).execute();
  const list = await conn
    .insertInto("price_lists")
    .values({ name: DEMO_PRICE_LIST, is_default: 1, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`insert into price_list_items (price_list_id, product_id, price_fen) select ${list.id}, id, list_price_fen from products order by id`.execute(conn);
  await sql`update quote_lines set product_id = p.id, list_price_fen = p.list_price_fen from products p where p.name = quote_lines.product`.execute(conn);
  await sql`update orders set product_id = p.id from products p where p.name = orders.product`.execute(conn);
  const lines = await sql`
    insert into opportunity_lines (opportunity_id, position, product_id, units, unit_price_fen, discount_bp, list_price_fen, total_fen)
    select o.id, 0, p.id, o.units, o.amount_fen / o.units, 0, p.list_price_fen, o.amount_fen
    from opportunities o join products p on p.name = o.product
    where o.units > 0 and o.amount_fen % o.units = 0
    order by o.id`.execute(conn);
  return { products: rows.length, price_lists: 1, price_list_items: rows.length, opportunity_lines: Number(lines.numAffectedRows ?? 0) };
}
