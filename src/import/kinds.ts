/**
 * What can be imported and exported: per kind, the canonical columns (snake_case, in export order), their
 * value types, which are required, and the Chinese (and other) headers accepted as aliases. Pure data.
 */
import { SIZE_BAND_SPELLINGS } from "../customers/size-band";

export const IMPORT_KINDS = ["customers", "contacts", "opportunities", "stage-history", "activities", "orders"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type ColumnType =
  | { t: "text"; max: number }
  | { t: "date" }
  | { t: "timestamp" }
  | { t: "amount" }
  | { t: "int"; min: number }
  /** accepted spellings (compared lower-cased) → stored value */
  | { t: "enum"; values: Record<string, string> }
  | { t: "email" }
  | { t: "tags" }
  | { t: "credit_code" };

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** the header must be present and the cell non-empty */
  required?: boolean;
  aliases: string[];
}

export interface KindSpec {
  kind: ImportKind;
  /** singular entity name used in the audit log */
  entity: string;
  columns: ColumnSpec[];
}

const text = (max = 200): ColumnType => ({ t: "text", max });
const int: ColumnType = { t: "int", min: 0 };
const enumOf = (pairs: Array<[string, ...string[]]>): ColumnType => {
  const values: Record<string, string> = {};
  for (const [stored, ...spellings] of pairs) for (const s of [stored, ...spellings]) values[s.toLowerCase()] = stored;
  return { t: "enum", values };
};

const col = (name: string, type: ColumnType, aliases: string[], required = false): ColumnSpec => ({ name, type, aliases, required });

/** Stored as large / medium / small whatever the file says (中型, 中, Medium …), like the API. */
export const SIZE_BAND = enumOf(SIZE_BAND_SPELLINGS.map(([code, ...rest]) => [code, ...rest]));
export const PRIORITY = enumOf([["high", "高", "h", "a"], ["medium", "中", "m", "b"], ["low", "低", "l", "c"]]);
export const DECISION_ROLE = enumOf([
  ["decision_maker", "决策者", "decision maker"], ["influencer", "影响者"], ["user", "使用者"],
  ["technical", "技术把关者", "技术把关", "technical gatekeeper"], ["procurement", "采购"], ["coach", "教练", "内线", "教练/内线"],
]);
export const ACTIVITY_KIND = enumOf([
  ["visit", "拜访"], ["call", "电话", "phone"], ["email", "邮件"], ["meeting", "会议"], ["demo", "演示"], ["quote", "报价"], ["tender", "投标"],
]);
export const STATUS = enumOf([["open", "进行中", "跟进中", "打开"], ["won", "赢单", "成交", "赢"], ["lost", "丢单", "丢失", "输单", "输"]]);
export const FORECAST_CATEGORY = enumOf([
  ["commit", "承诺", "确定"], ["best_case", "最好情况", "best case", "bestcase", "乐观"], ["pipeline", "管道", "漏斗"], ["omitted", "忽略", "排除"],
]);
export const EVENT_KIND = enumOf([
  ["create", "创建"], ["advance", "推进", "前进"], ["back", "退回", "回退"], ["stay", "停留"], ["won", "赢单"], ["lost", "丢单"], ["reopen", "重开", "重新打开"],
]);

const EXTERNAL_ID = ["编号", "外部编号", "外部id", "id"];
const CUSTOMER_REF = ["客户编号", "客户外部编号", "客户id"];
const OWNER = ["负责人邮箱", "负责人", "销售邮箱", "owner"];

export const KINDS: Record<ImportKind, KindSpec> = {
  customers: {
    kind: "customers", entity: "customer",
    columns: [
      col("external_id", text(100), ["客户编号", ...EXTERNAL_ID], true),
      col("name", text(), ["客户名称", "名称", "客户", "公司名称"], true),
      col("credit_code", { t: "credit_code" }, ["统一社会信用代码", "信用代码"]),
      col("industry", text(), ["行业"]),
      col("region", text(), ["地区", "区域"]),
      col("size_band", SIZE_BAND, ["规模", "企业规模"]),
      col("channel", text(), ["渠道"]),
      col("owner_email", { t: "email" }, OWNER),
      col("credit_rating", text(20), ["信用状况", "信用等级"]),
      col("prospect_rating", text(20), ["发展前景"]),
      col("lifecycle_stage", text(50), ["生命周期", "生命周期阶段"]),
      col("priority", PRIORITY, ["优先级"]),
      col("tags", { t: "tags" }, ["标签"]),
      col("notes", text(5000), ["备注"]),
    ],
  },
  contacts: {
    kind: "contacts", entity: "contact",
    columns: [
      col("external_id", text(100), ["联系人编号", ...EXTERNAL_ID], true),
      col("customer_external_id", text(100), CUSTOMER_REF, true),
      col("name", text(), ["姓名", "联系人", "名称"], true),
      col("title", text(), ["职务", "职位"]),
      col("decision_role", DECISION_ROLE, ["决策角色", "角色"]),
      col("phone", text(50), ["电话", "手机", "手机号"]),
      col("email", text(200), ["邮箱", "电子邮件"]),
    ],
  },
  opportunities: {
    kind: "opportunities", entity: "opportunity",
    columns: [
      col("external_id", text(100), ["商机编号", "机会编号", ...EXTERNAL_ID], true),
      col("title", text(), ["商机名称", "机会名称", "标题", "名称"], true),
      col("customer_external_id", text(100), CUSTOMER_REF, true),
      col("owner_email", { t: "email" }, OWNER),
      col("pipeline", text(), ["漏斗", "管道", "销售流程"]),
      col("stage", text(), ["阶段", "销售阶段"], true),
      col("amount", { t: "amount" }, ["金额", "预计金额", "商机金额"]),
      col("units", int, ["数量", "台数"]),
      col("product", text(), ["产品"]),
      col("source", text(40), ["来源", "商机来源"]),
      col("expected_close_date", { t: "date" }, ["预计成交日期", "预计签约日期"]),
      col("created_at", { t: "timestamp" }, ["创建时间", "创建日期"]),
      col("status", STATUS, ["状态"]),
      col("closed_at", { t: "timestamp" }, ["关闭时间", "成交日期", "关闭日期"]),
      col("lost_reason", text(100), ["丢单原因", "丢失原因"]),
      col("forecast_category", FORECAST_CATEGORY, ["预测类别", "预测分类"]),
    ],
  },
  "stage-history": {
    kind: "stage-history", entity: "opportunity",
    columns: [
      col("opportunity_external_id", text(100), ["商机编号", "机会编号"], true),
      col("from_stage", text(), ["原阶段", "从阶段"]),
      col("to_stage", text(), ["新阶段", "到阶段", "阶段"], true),
      col("at", { t: "timestamp" }, ["时间", "变更时间"], true),
      col("actor_email", { t: "email" }, ["操作人邮箱", "操作人"]),
      col("kind", EVENT_KIND, ["类型", "变更类型"]),
      col("reason", text(1000), ["原因", "说明"]),
    ],
  },
  activities: {
    kind: "activities", entity: "activity",
    columns: [
      col("external_id", text(100), ["活动编号", ...EXTERNAL_ID], true),
      col("kind", ACTIVITY_KIND, ["类型", "活动类型"], true),
      col("customer_external_id", text(100), CUSTOMER_REF, true),
      col("contact_external_id", text(100), ["联系人编号"]),
      col("opportunity_external_id", text(100), ["商机编号", "机会编号"]),
      col("owner_email", { t: "email" }, OWNER),
      col("subject", text(500), ["主题"]),
      col("met_person", text(), ["拜访对象", "对象"]),
      col("met_title", text(), ["对象职务", "职务"]),
      col("planned_at", { t: "timestamp" }, ["计划时间", "计划"]),
      col("done_at", { t: "timestamp" }, ["实际时间", "实际", "完成时间"]),
      col("outcome", text(5000), ["结果", "成果"]),
      col("next_follow_up_at", { t: "timestamp" }, ["下次跟进时间", "下次跟进"]),
    ],
  },
  orders: {
    kind: "orders", entity: "order",
    columns: [
      col("external_id", text(100), ["订单编号", "订单号", ...EXTERNAL_ID]),
      col("customer_external_id", text(100), CUSTOMER_REF, true),
      col("ordered_at", { t: "timestamp" }, ["下单日期", "下单时间", "订单日期"], true),
      col("amount", { t: "amount" }, ["金额", "订单金额"], true),
      col("cost", { t: "amount" }, ["成本"]),
      col("units", int, ["数量", "台数"]),
      col("product", text(), ["产品"]),
    ],
  },
};

/** "history" and "stage_history" are accepted for "stage-history". */
export function parseKind(s: string): ImportKind | null {
  const k = s.trim().toLowerCase().replace(/_/g, "-");
  if (k === "history" || k === "stage-events") return "stage-history";
  return (IMPORT_KINDS as readonly string[]).includes(k) ? (k as ImportKind) : null;
}

