/**
 * What can be imported and exported: per kind, the canonical columns (snake_case, in export order), their
 * value types, which are required, and the Chinese (and other) headers accepted as aliases (building blocks in
 * column-specs.ts, the cash and product kinds in kinds-cash.ts). Pure data.
 */
import {
  ACTIVITY_KIND,
  col,
  type ColumnSpec,
  CREATED,
  CUSTOMER_NAME,
  CUSTOMER_REF,
  DECISION_ROLE,
  enumOf,
  EVENT_KIND,
  EXTERNAL_ID,
  FORECAST_CATEGORY,
  importOnly,
  int,
  type KindSpec,
  OWNER,
  PERSON,
  PRIORITY,
  ROLE,
  SIZE_BAND,
  STATUS,
  text,
} from "./column-specs";
import { CASH_KINDS, PRODUCT_KINDS } from "./kinds-cash";

export const IMPORT_KINDS = [
  "users",
  "customers",
  "contacts",
  "opportunities",
  "stage-history",
  "activities",
  "orders",
  "targets",
  "quotes",
  "contracts",
  "payments",
  "products",
  "opportunity-lines",
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export { ACTIVITY_KIND, DECISION_ROLE, EVENT_KIND, FORECAST_CATEGORY, PRIORITY, QUOTE_STATUS, ROLE, SIZE_BAND, STATUS } from "./column-specs";
export type { ColumnSpec, ColumnType, KindSpec } from "./column-specs";
export { CASH_KINDS, PRODUCT_KINDS };

export const KINDS: Record<ImportKind, KindSpec> = {
  users: {
    kind: "users",
    entity: "user",
    columns: [
      col("email", { t: "email" }, ["邮箱", "电子邮件", "e-mail", "email address", "work email", "login"], true),
      col("name", text(), ["姓名", "名称", "name", "full name", "user name", "sales agent", "agent", "employee"], true),
      col("department", text(), ["部门", "团队", "销售团队", "department", "team", "sales team", "regional office", "office", "division", "group"]),
      col("role", ROLE, ["角色", "职位", "role", "profile", "user role"]),
      col("manager", text(), ["上级", "经理", "主管", "manager", "reports to"]),
      col("external_id", text(100), ["员工编号", "工号", "user id", "employee id", "external id", "id"]),
      col(
        "active",
        enumOf([
          ["1", "是", "yes", "true", "active", "在职", "y"],
          ["0", "否", "no", "false", "inactive", "离职", "n"],
        ]),
        ["在职", "启用", "active", "is active", "status"],
      ),
      col("created_at", { t: "timestamp" }, ["创建时间", "入职日期", "created", "created date", "hire date", "start date"]),
    ],
  },
  customers: {
    kind: "customers",
    entity: "customer",
    columns: [
      col("external_id", text(100), ["客户编号", ...EXTERNAL_ID, "account id", "company id", "customer id", "organization id"]),
      col("name", text(), [...CUSTOMER_NAME, "名称", "name"], true),
      col("credit_code", { t: "credit_code" }, [
        "统一社会信用代码",
        "信用代码",
        "unified social credit code",
        "tax id",
        "vat number",
        "company registration number",
      ]),
      col("industry", text(), ["行业", "sector", "industry type"]),
      col("region", text(), [
        "地区",
        "区域",
        "billing state",
        "billing state/province",
        "state",
        "state/region",
        "office location",
        "billing city",
        "city",
        "country",
        "territory",
      ]),
      col("size_band", SIZE_BAND, ["规模", "企业规模", "size", "employees", "number of employees", "company size", "employee count"]),
      col("channel", text(), ["渠道", "lead source", "account source"]),
      col("owner_email", PERSON, OWNER),
      col("credit_rating", text(20), ["信用状况", "信用等级"]),
      col("prospect_rating", text(20), ["发展前景"]),
      col("lifecycle_stage", text(50), ["生命周期", "生命周期阶段"]),
      col("priority", PRIORITY, ["优先级", "rating", "account rating"]),
      col("tags", { t: "tags" }, ["标签", "labels", "label"]),
      col("notes", text(5000), ["备注", "description", "note"]),
      col("created_at", { t: "timestamp" }, CREATED),
    ],
  },
  contacts: {
    kind: "contacts",
    entity: "contact",
    columns: [
      col("external_id", text(100), ["联系人编号", ...EXTERNAL_ID, "contact id"], true),
      col("customer_external_id", text(100), CUSTOMER_REF),
      importOnly(col("customer_name", text(), CUSTOMER_NAME)),
      col("name", text(), ["姓名", "联系人", "名称", "name", "full name", "contact name", "contact"], true),
      col("title", text(), ["职务", "职位", "job title", "position"]),
      col("decision_role", DECISION_ROLE, ["决策角色", "角色", "role", "contact role", "buying role"]),
      col("phone", text(50), ["电话", "手机", "手机号", "phone number", "mobile", "mobile phone", "work phone"]),
      col("email", text(200), ["邮箱", "电子邮件", "e-mail", "email address", "work email"]),
      col("created_at", { t: "timestamp" }, CREATED),
    ],
  },
  opportunities: {
    kind: "opportunities",
    entity: "opportunity",
    columns: [
      col(
        "external_id",
        text(100),
        ["商机编号", "机会编号", ...EXTERNAL_ID, "opportunity id", "deal id", "opportunity_id", "record id - deal", "deal number"],
        true,
      ),
      col("title", text(), ["商机名称", "机会名称", "标题", "名称", "opportunity name", "deal name", "deal title", "name", "subject", "opportunity"], true),
      col("customer_external_id", text(100), CUSTOMER_REF),
      importOnly(col("customer_name", text(), CUSTOMER_NAME)),
      col("owner_email", PERSON, OWNER),
      col("pipeline", text(), ["漏斗", "管道", "销售流程", "pipeline", "deal pipeline", "sales team", "sales process"]),
      col("stage", text(), ["阶段", "销售阶段", "stage", "deal stage", "opportunity stage", "sales stage", "stage name", "deal_stage"], true),
      importOnly(
        col("reached_stage", text(), [
          "到达阶段",
          "丢单阶段",
          "最后阶段",
          "stage reached",
          "last stage",
          "last open stage",
          "lost at stage",
          "closed at stage",
        ]),
      ),
      col("amount", { t: "amount" }, [
        "金额",
        "预计金额",
        "商机金额",
        "amount",
        "deal value",
        "value",
        "expected revenue",
        "close value",
        "deal amount",
        "opportunity amount",
        "revenue",
      ]),
      col("units", int, ["数量", "台数", "quantity", "qty"]),
      col("product", text(), ["产品", "product", "product name", "products"]),
      col("source", text(40), ["来源", "商机来源", "lead source", "source", "deal source", "original source", "channel"]),
      col("expected_close_date", { t: "date" }, [
        "预计成交日期",
        "预计签约日期",
        "close date",
        "expected close date",
        "closing date",
        "expected close",
        "expected closing date",
      ]),
      col("created_at", { t: "timestamp" }, CREATED),
      col("status", STATUS, ["状态", "status", "outcome", "result", "won/lost", "is won"]),
      col("closed_at", { t: "timestamp" }, [
        "关闭时间",
        "成交日期",
        "关闭日期",
        "closed date",
        "closed at",
        "won time",
        "lost time",
        "close time",
        "actual close date",
        "date closed",
        "closed on",
      ]),
      col("lost_reason", text(100), ["丢单原因", "丢失原因", "lost reason", "loss reason", "closed lost reason", "reason lost"]),
      col("forecast_category", FORECAST_CATEGORY, ["预测类别", "预测分类", "forecast category", "forecast"]),
    ],
  },
  "stage-history": {
    kind: "stage-history",
    entity: "opportunity",
    columns: [
      col("opportunity_external_id", text(100), ["商机编号", "机会编号"], true),
      col("from_stage", text(), ["原阶段", "从阶段"]),
      col("to_stage", text(), ["新阶段", "到阶段", "阶段"], true),
      col("at", { t: "timestamp" }, ["时间", "变更时间"], true),
      col("actor_email", PERSON, ["操作人邮箱", "操作人", "changed by", "modified by", "actor", "user"]),
      col("kind", EVENT_KIND, ["类型", "变更类型"]),
      col("reason", text(1000), ["原因", "说明"]),
    ],
  },
  activities: {
    kind: "activities",
    entity: "activity",
    columns: [
      col("external_id", text(100), ["活动编号", ...EXTERNAL_ID], true),
      col("kind", ACTIVITY_KIND, ["类型", "活动类型"], true),
      col("customer_external_id", text(100), CUSTOMER_REF),
      importOnly(col("customer_name", text(), CUSTOMER_NAME)),
      col("contact_external_id", text(100), ["联系人编号", "contact id"]),
      col("opportunity_external_id", text(100), ["商机编号", "机会编号", "opportunity id", "deal id"]),
      col("owner_email", PERSON, OWNER),
      col("subject", text(500), ["主题"]),
      col("met_person", text(), ["拜访对象", "对象"]),
      col("met_title", text(), ["对象职务", "职务"]),
      col("planned_at", { t: "timestamp" }, ["计划时间", "计划"]),
      col("done_at", { t: "timestamp" }, ["实际时间", "实际", "完成时间"]),
      col("outcome", text(5000), ["结果", "成果"]),
      col("next_follow_up_at", { t: "timestamp" }, ["下次跟进时间", "下次跟进", "next follow up", "follow up date"]),
      col("created_at", { t: "timestamp" }, CREATED),
    ],
  },
  orders: {
    kind: "orders",
    entity: "order",
    columns: [
      col("external_id", text(100), ["订单编号", "订单号", ...EXTERNAL_ID, "order id", "order number", "invoice number", "invoice"]),
      col("customer_external_id", text(100), CUSTOMER_REF),
      importOnly(col("customer_name", text(), CUSTOMER_NAME)),
      col("ordered_at", { t: "timestamp" }, ["下单日期", "下单时间", "订单日期", "order date", "date", "invoice date", "purchase date"], true),
      col("amount", { t: "amount" }, ["金额", "订单金额", "amount", "total", "order total", "order amount", "sales"], true),
      col("cost", { t: "amount" }, ["成本", "cost"]),
      col("units", int, ["数量", "台数", "quantity", "qty", "units"]),
      col("product", text(), ["产品", "product", "item"]),
      col("created_at", { t: "timestamp" }, CREATED),
    ],
  },
  targets: {
    kind: "targets",
    entity: "target",
    columns: [
      col("period", text(10), ["期间", "周期", "月份", "季度", "年度", "period", "month", "quarter", "year"], true),
      col(
        "scope",
        enumOf([
          ["company", "公司", "全公司"],
          ["team", "团队", "部门"],
          ["user", "个人", "销售", "rep"],
        ]),
        ["范围", "层级", "scope", "level"],
      ),
      col("team", text(), ["团队", "部门", "team", "department"]),
      col("user", PERSON, ["销售", "负责人", "人员", "user", "owner", "sales rep", "sales agent"]),
      col("amount", { t: "amount" }, ["目标金额", "金额", "销售目标", "amount", "target", "quota", "revenue target"]),
      col("units", int, ["目标数量", "数量", "台数", "units", "unit target"]),
    ],
  },
  ...CASH_KINDS,
  ...PRODUCT_KINDS,
};

/** "history" and "stage_history" are accepted for "stage-history". */
export function parseKind(s: string): ImportKind | null {
  const k = s.trim().toLowerCase().replace(/_/g, "-");
  if (k === "history" || k === "stage-events") return "stage-history";
  return (IMPORT_KINDS as readonly string[]).includes(k) ? (k as ImportKind) : null;
}

/** The columns an export writes (import-only columns such as customer_name left out). */
export const exportColumns = (kind: ImportKind): ColumnSpec[] => KINDS[kind].columns.filter((c) => !c.importOnly);
