/**
 * Test fixtures shaped like real exports, generated from a seed: a team of sales agents, an English CRM
 * export (snake_case headers, agents by name, blank accounts, its own stage names, lost deals with amount 0),
 * Chinese customers (for the GB18030 file) and their orders (for the UTF-16 file).
 */
import { seededRandom } from "../core/seeded-random";

export interface Agent {
  name: string;
  email: string;
  team: string;
  role: "manager" | "rep";
  manager: string;
}

export const AGENTS: Agent[] = [
  { name: "Dustin Brinkmann", email: "dustin@acme.example", team: "Central", role: "manager", manager: "" },
  { name: "Melvin Marxen", email: "melvin@acme.example", team: "East", role: "manager", manager: "" },
  { name: "王芳", email: "wangfang@acme.example", team: "华东", role: "manager", manager: "" },
  { name: "Moses Frase", email: "moses@acme.example", team: "Central", role: "rep", manager: "Dustin Brinkmann" },
  { name: "Darcel Schlecht", email: "darcel@acme.example", team: "Central", role: "rep", manager: "Dustin Brinkmann" },
  { name: "Violet Mclelland", email: "violet@acme.example", team: "East", role: "rep", manager: "Melvin Marxen" },
  { name: "Corliss Cosme", email: "corliss@acme.example", team: "East", role: "rep", manager: "Melvin Marxen" },
  { name: "李强", email: "liqiang@acme.example", team: "华东", role: "rep", manager: "王芳" },
  { name: "张敏", email: "zhangmin@acme.example", team: "华东", role: "rep", manager: "王芳" },
];

export const usersCsv = () =>
  [
    "Name,Email,Team,Role,Manager",
    ...AGENTS.map((a) => `${a.name},${a.email},${a.team},${a.role === "manager" ? "Sales Manager" : "Sales Rep"},${a.manager}`),
  ].join("\n") + "\n";

const ACCOUNTS = [
  "Acme Corporation",
  "Betasoloin",
  "Cancity",
  "Codehow",
  "Dalttechnology",
  "Finhigh",
  "Gekko & Co",
  "Goodsilron",
  "Hottechi",
  "Kan-code",
  "Konex",
  "Rangreen",
  "Sonron",
  "Zumgoity",
];
const PRODUCTS = ["GTX Basic", "GTX Pro", "MG Special", "MG Advanced", "GTXPlusBasic"];
export type CrmStage = "Prospecting" | "Engaging" | "Won" | "Lost";

export interface CrmDeal {
  id: string;
  agent: string;
  product: string;
  account: string;
  stage: CrmStage;
  engage: string;
  close: string;
  value: number;
}

const day = (base: number, add: number) => new Date(base + add * 86_400_000).toISOString().slice(0, 10);

/** The deals of the English export; open deals have no close date, prospecting ones no engage date, lost ones value 0. */
export function crmDeals(n: number, seed = 7): CrmDeal[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const start = Date.UTC(2016, 9, 20);
  const reps = AGENTS.filter((a) => a.role === "rep").map((a) => a.name);
  return Array.from({ length: n }, (_, i) => {
    const r = rnd();
    const stage: CrmStage = r < 0.15 ? "Prospecting" : r < 0.35 ? "Engaging" : r < 0.75 ? "Won" : "Lost";
    const engageDay = Math.floor(rnd() * 300);
    const engage = stage === "Prospecting" ? "" : day(start, engageDay);
    const close = stage === "Won" || stage === "Lost" ? day(start, engageDay + 1 + Math.floor(rnd() * 120)) : "";
    const blank = stage === "Prospecting" || (stage === "Engaging" && rnd() < 0.4);
    const value = stage === "Won" ? 50 + Math.floor(rnd() * 30_000) : 0;
    return {
      id: `${(i * 7919 + 1000).toString(36).toUpperCase().padStart(8, "0")}`,
      agent: pick(reps),
      product: pick(PRODUCTS),
      account: blank ? "" : pick(ACCOUNTS),
      stage,
      engage,
      close,
      value,
    };
  });
}

export const crmCsv = (deals: CrmDeal[]) =>
  [
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value",
    ...deals.map((d) =>
      [d.id, d.agent, d.product, d.account, d.stage, d.engage, d.close, d.stage === "Won" || d.stage === "Lost" ? String(d.value) : ""].join(","),
    ),
  ].join("\n") + "\n";

/** The saved mapping the test passes with --mapping: constants, a derived title and the export's stage names. */
export const CRM_MAPPING = {
  kind: "opportunities",
  set: { pipeline: "crm5", title: "{account} – {product}", lost_reason: "other", reached_stage: "Engaging", created_at: "2016-10-01" },
  values: {
    stage: { Prospecting: "lead", Engaging: "qualified", Won: "won", Lost: "lost" },
    reached_stage: { Engaging: "qualified" },
  },
};

export interface ChineseCustomer {
  name: string;
  industry: string;
  region: string;
  owner: string;
}

const CN_NAMES = [
  "上海金豆科技有限公司",
  "杭州银杏贸易有限公司",
  "深圳南方电子有限公司",
  "北京长城机械有限公司",
  "广州珠江食品有限公司",
  "成都天府软件有限公司",
  "武汉光谷光电有限公司",
  "南京紫金医药有限公司",
  "苏州园林建材有限公司",
  "天津港湾物流有限公司",
  "重庆山城汽配有限公司",
  "西安古都文旅有限公司",
];

export function chineseCustomers(): ChineseCustomer[] {
  const owners = ["王芳", "李强", "张敏"];
  return CN_NAMES.map((name, i) => ({
    name,
    industry: ["制造", "贸易", "电子", "软件"][i % 4],
    region: ["华东", "华南", "华北", "西南"][i % 4],
    owner: owners[i % 3],
  }));
}

/** The GB18030 file's text: Chinese headers, no external ids, and one customer repeated with other spacing. */
export function customersCnCsv(list: ChineseCustomer[]): string {
  const rows = list.map((c) => `${c.name},${c.industry},${c.region},${c.owner}`);
  rows.push(`${list[0].name.replace("有限公司", " 有限公司 ")},${list[0].industry},${list[0].region},${list[0].owner}`);
  return ["客户名称,行业,地区,负责人", ...rows].join("\r\n") + "\r\n";
}

export interface CnOrder {
  customer: string;
  date: string;
  yuan: string;
  units: number;
}

export function cnOrders(list: ChineseCustomer[], n: number, seed = 11): CnOrder[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const c = list[Math.floor(rnd() * list.length)];
    const fen = 1000 + Math.floor(rnd() * 5_000_000);
    return {
      customer: c.name,
      date: day(Date.UTC(2025, 0, 1), Math.floor(rnd() * 365)),
      yuan: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`,
      units: 1 + Math.floor(rnd() * 9),
    };
  });
}
