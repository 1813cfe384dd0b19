/**
 * The downloadable import template per kind: sheet 1 has one header per column ("客户名称 (name)" — the Chinese
 * alias and the canonical name, which the import reads back) and a sample row; sheet 2 describes each column and
 * its allowed values (the configured stages, sources, lost reasons, enumerations).
 */
import ExcelJS from "exceljs";
import { type ColumnSpec, type ImportKind, KINDS } from "./kinds";

export interface TemplateContext {
  stages: string[];
  pipelines: string[];
  sources: string[];
  lostReasons: string[];
}

const SAMPLES: Record<ImportKind, Record<string, string | number>> = {
  users: {
    email: "zhang.san@example.cn",
    name: "张三",
    department: "华东销售部",
    role: "rep",
    manager: "李四",
    external_id: "E1001",
    active: "是",
    created_at: "2026-01-05",
  },
  customers: {
    external_id: "C0001",
    name: "上海金豆科技有限公司",
    credit_code: "91350100M000100Y43",
    industry: "制造",
    region: "华东",
    size_band: "100-499",
    owner_email: "zhang.san@example.cn",
    priority: "高",
    tags: "大客户, 华东",
    created_at: "2026-01-05",
  },
  contacts: {
    external_id: "P0001",
    customer_external_id: "C0001",
    customer_name: "上海金豆科技有限公司",
    name: "王五",
    title: "采购经理",
    decision_role: "决策者",
    phone: "13800000000",
    email: "wang.wu@example.cn",
  },
  opportunities: {
    external_id: "O0001",
    title: "产线改造",
    customer_external_id: "C0001",
    customer_name: "上海金豆科技有限公司",
    owner_email: "张三",
    pipeline: "crm5",
    stage: "报价",
    amount: "30万",
    units: 2,
    product: "A型机",
    source: "主动咨询",
    expected_close_date: "2026-09-30",
    created_at: "2026-03-01",
    status: "进行中",
  },
  "stage-history": {
    opportunity_external_id: "O0001",
    from_stage: "合格",
    to_stage: "报价",
    at: "2026-04-01T10:00",
    actor_email: "张三",
    kind: "推进",
    reason: "客户确认需求",
  },
  activities: {
    external_id: "A0001",
    kind: "拜访",
    customer_external_id: "C0001",
    owner_email: "张三",
    subject: "初访",
    planned_at: "2026-04-02T10:00",
    done_at: "2026-04-02T11:30",
    outcome: "确认需求",
  },
  targets: { period: "2026-Q3", scope: "个人", team: "", user: "张三", amount: "300万", units: 20 },
  quotes: {
    number: "BJ-2026-001",
    opportunity_external_id: "O0001",
    product: "A型机",
    units: 2,
    unit_price: "15万",
    line_discount_pct: "5%",
    discount_pct: "0",
    status: "已发送",
    note: "含安装",
    created_at: "2026-04-10",
  },
  contracts: {
    number: "HT-2026-001",
    customer_external_id: "C0001",
    customer_name: "上海金豆科技有限公司",
    opportunity_external_id: "O0001",
    signed_date: "2026-05-10",
    amount: "28.5万",
    due_date: "2026-05-20",
    instalment_amount: "8.55万",
    created_at: "2026-05-10",
  },
  payments: { external_id: "HK-0001", contract_number: "HT-2026-001", received_date: "2026-05-18", amount: "8.55万", note: "首付款" },
  products: { code: "ERP-STD", name: "ERP 标准版", category: "软件", unit: "套", list_price: "1.2万", cost: "4000", active: "在售" },
  "opportunity-lines": { opportunity_external_id: "O0001", product: "ERP-STD", units: 3, unit_price: "1.08万", discount_pct: "5%" },
  orders: {
    external_id: "D0001",
    customer_external_id: "C0001",
    customer_name: "上海金豆科技有限公司",
    ordered_at: "2026-05-20",
    amount: "12万",
    cost: "8万",
    units: 2,
    product: "A型机",
  },
};

function typeText(c: ColumnSpec): string {
  switch (c.type.t) {
    case "text":
      return `文本 text (≤ ${c.type.max})`;
    case "date":
      return "日期 date: 2026-06-15 / 2026/6/15";
    case "timestamp":
      return "时间 time: 2026-06-15T10:30 / 2026-06-15";
    case "amount":
      return "金额 amount: 30000 / 3万 / ¥1,200.50";
    case "int":
      return "整数 whole number";
    case "percent":
      return "百分比 percent: 10 / 10% / 12.5%";
    case "enum":
      return "选项 one of";
    case "email":
      return "邮箱 e-mail";
    case "tags":
      return "标签 tags: a, b";
    case "credit_code":
      return "统一社会信用代码 (18)";
  }
}

function allowed(c: ColumnSpec, ctx: TemplateContext): string {
  if (c.type.t === "enum")
    return [...new Set(Object.entries(c.type.values).map(([, v]) => v))]
      .map((v) => {
        const spellings = Object.entries((c.type as { values: Record<string, string> }).values)
          .filter(([, x]) => x === v)
          .map(([k]) => k)
          .filter((k) => k !== v);
        return spellings.length ? `${v} (${spellings.slice(0, 3).join("/")})` : v;
      })
      .join("; ");
  if (c.name === "stage" || c.name === "from_stage" || c.name === "to_stage" || c.name === "reached_stage") return ctx.stages.join("; ");
  if (c.name === "pipeline") return ctx.pipelines.join("; ");
  if (c.name === "source") return ctx.sources.join("; ");
  if (c.name === "lost_reason") return ctx.lostReasons.join("; ");
  if (c.name === "owner_email" || c.name === "actor_email" || c.name === "manager") return "邮箱、姓名或员工编号 e-mail, name or external id of a user";
  return "";
}

export const templateHeader = (c: ColumnSpec) => {
  const zh = c.aliases.find((a) => /[\u4e00-\u9fff]/.test(a));
  return zh ? `${zh} (${c.name})` : c.name;
};

export async function templateWorkbook(kind: ImportKind, ctx: TemplateContext): Promise<Buffer> {
  const spec = KINDS[kind];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("导入模板 Template");
  ws.addRow(spec.columns.map(templateHeader)).font = { bold: true };
  ws.addRow(spec.columns.map((c) => SAMPLES[kind][c.name] ?? null));
  ws.columns.forEach((col) => {
    col.width = 22;
  });
  const about = wb.addWorksheet("字段说明 Columns");
  about.addRow(["表头 header", "字段 column", "必填 required", "格式 format", "可选值 allowed values", "也接受的表头 other accepted headers"]).font = {
    bold: true,
  };
  for (const c of spec.columns)
    about.addRow([templateHeader(c), c.name, c.required ? "是 yes" : "", typeText(c), allowed(c, ctx), c.aliases.slice(0, 8).join(", ")]);
  about.columns.forEach((col, i) => {
    col.width = [24, 22, 12, 34, 60, 60][i];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
