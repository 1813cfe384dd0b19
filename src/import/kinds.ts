/**
 * What can be imported and exported: per kind, the canonical columns (snake_case, in export order), their
 * value types, which are required, and the Chinese (and other) headers accepted as aliases. Pure data.
 */
import { SIZE_BAND_SPELLINGS } from "../customers/size-band";

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

export type ColumnType =
  | { t: "text"; max: number }
  | { t: "date" }
  | { t: "timestamp" }
  | { t: "amount" /** a negative amount is allowed (a refund) */; signed?: boolean }
  /** a percentage: "10", "10%", "12.5 %", an Excel percent cell (0.1) → basis points 0 … 10 000 */
  | { t: "percent" }
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
  /** read by the import only (e.g. a customer given by name); not an export column */
  importOnly?: boolean;
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
const importOnly = (c: ColumnSpec): ColumnSpec => ({ ...c, importOnly: true });

/** Stored as large / medium / small whatever the file says (中型, 中, Medium …), like the API. */
export const SIZE_BAND = enumOf(SIZE_BAND_SPELLINGS.map(([code, ...rest]) => [code, ...rest]));
export const PRIORITY = enumOf([
  ["high", "高", "h", "a"],
  ["medium", "中", "m", "b"],
  ["low", "低", "l", "c"],
]);
export const DECISION_ROLE = enumOf([
  ["decision_maker", "决策者", "decision maker"],
  ["influencer", "影响者"],
  ["user", "使用者"],
  ["technical", "技术把关者", "技术把关", "technical gatekeeper"],
  ["procurement", "采购"],
  ["coach", "教练", "内线", "教练/内线"],
]);
export const ACTIVITY_KIND = enumOf([
  ["visit", "拜访"],
  ["call", "电话", "phone"],
  ["email", "邮件"],
  ["meeting", "会议"],
  ["demo", "演示"],
  ["quote", "报价"],
  ["tender", "投标"],
]);
export const STATUS = enumOf([
  ["open", "进行中", "跟进中", "打开"],
  ["won", "赢单", "成交", "赢"],
  ["lost", "丢单", "丢失", "输单", "输"],
]);
export const FORECAST_CATEGORY = enumOf([
  ["commit", "承诺", "确定"],
  ["best_case", "最好情况", "best case", "bestcase", "乐观"],
  ["pipeline", "管道", "漏斗"],
  ["omitted", "忽略", "排除"],
]);
export const EVENT_KIND = enumOf([
  ["create", "创建"],
  ["advance", "推进", "前进"],
  ["back", "退回", "回退"],
  ["stay", "停留"],
  ["won", "赢单"],
  ["lost", "丢单"],
  ["reopen", "重开", "重新打开"],
]);

const EXTERNAL_ID = ["编号", "外部编号", "外部id", "id", "external id", "record id", "ref", "reference"];
const CUSTOMER_REF = [
  "客户编号",
  "客户外部编号",
  "客户id",
  "account id",
  "account number",
  "company id",
  "organization id",
  "customer id",
  "customer number",
  "customer ref",
];
/** An owner is given by e-mail, name or the user's external id (resolved in the writers). */
const OWNER = [
  "负责人邮箱",
  "负责人",
  "销售邮箱",
  "销售",
  "销售代表",
  "业务员",
  "owner",
  "owner email",
  "owner name",
  "sales agent",
  "agent",
  "sales rep",
  "salesperson",
  "opportunity owner",
  "account owner",
  "deal owner",
  "contact owner",
  "company owner",
  "record owner",
  "assigned to",
  "salesperson",
  "user",
];
const CUSTOMER_NAME = [
  "客户名称",
  "客户",
  "公司名称",
  "公司",
  "account",
  "account name",
  "company",
  "company name",
  "organization",
  "organization name",
  "organisation",
  "customer",
  "customer name",
  "partner",
  "related company",
];
const PERSON = { t: "text", max: 200 } as const;
const CREATED = [
  "创建时间",
  "创建日期",
  "created",
  "created date",
  "create date",
  "created time",
  "created on",
  "date created",
  "deal created",
  "add time",
  "engage date",
  "createdate",
];

export const ROLE = enumOf([
  ["admin", "管理员", "administrator", "system administrator"],
  ["manager", "经理", "销售经理", "主管", "sales manager", "team lead", "manager"],
  ["rep", "销售", "销售代表", "业务员", "sales rep", "sales agent", "agent", "user", "standard user", "salesperson"],
]);

const OPPORTUNITY_REF = ["商机编号", "机会编号", "opportunity id", "deal id", "opportunity external id", "deal number"];
const CONTRACT_NUMBER = ["合同编号", "合同号", "contract number", "contract no", "contract no.", "contract id", "contract"];
export const QUOTE_STATUS = enumOf([
  ["draft", "草稿", "新建"],
  ["pending_approval", "待审批", "审批中", "pending approval", "pending", "in review"],
  ["approved", "已批准", "已审批", "批准"],
  ["rejected", "已驳回", "驳回"],
  ["sent", "已发送", "已报价", "presented"],
  ["accepted", "已接受", "接受", "客户接受", "won"],
  ["declined", "已拒绝", "拒绝", "客户拒绝", "lost"],
]);

/** Lead to cash (J1/J2): a quote is one row per line, a contract one row per instalment of its schedule, a payment one row. */
export const CASH_KINDS: Record<"quotes" | "contracts" | "payments", KindSpec> = {
  quotes: {
    kind: "quotes",
    entity: "quote",
    columns: [
      col("number", text(60), ["报价单号", "报价编号", "报价单编号", "quote number", "quote no", "quote id", "quote"], true),
      col("opportunity_external_id", text(100), OPPORTUNITY_REF, true),
      col("product", text(), ["产品", "产品名称", "product", "product name", "item"], true),
      col("units", { t: "int", min: 1 }, ["数量", "台数", "quantity", "qty", "units"], true),
      col("unit_price", { t: "amount" }, ["单价", "报价单价", "unit price", "list price", "price", "sales price"], true),
      col("line_discount_pct", { t: "percent" }, ["行折扣", "产品折扣", "单品折扣", "line discount", "line discount %", "item discount"]),
      col("discount_pct", { t: "percent" }, ["整单折扣", "报价折扣", "折扣", "discount", "quote discount", "discount %"]),
      col("status", QUOTE_STATUS, ["状态", "报价状态", "status", "quote status", "stage"]),
      col("note", text(2000), ["备注", "说明", "note", "notes", "description"]),
      col("created_at", { t: "timestamp" }, CREATED),
    ],
  },
  contracts: {
    kind: "contracts",
    entity: "contract",
    columns: [
      col("number", text(60), CONTRACT_NUMBER, true),
      col("customer_external_id", text(100), CUSTOMER_REF),
      importOnly(col("customer_name", text(), CUSTOMER_NAME)),
      col("opportunity_external_id", text(100), OPPORTUNITY_REF),
      col(
        "signed_date",
        { t: "date" },
        ["签订日期", "签约日期", "合同日期", "signed date", "signing date", "contract date", "date signed", "start date"],
        true,
      ),
      col("amount", { t: "amount" }, ["合同金额", "金额", "contract amount", "contract value", "amount", "total amount"], true),
      col("due_date", { t: "date" }, [
        "计划回款日期",
        "应收日期",
        "到期日",
        "回款计划日期",
        "due date",
        "instalment due date",
        "installment due date",
        "payment due date",
      ]),
      col("instalment_amount", { t: "amount" }, [
        "计划回款金额",
        "应收金额",
        "分期金额",
        "回款计划金额",
        "instalment amount",
        "installment amount",
        "amount due",
      ]),
      col("created_at", { t: "timestamp" }, CREATED),
    ],
  },
  payments: {
    kind: "payments",
    entity: "payment",
    columns: [
      col("external_id", text(100), ["回款编号", "收款编号", "回款单号", ...EXTERNAL_ID, "payment id", "receipt number", "transaction id", "payment number"]),
      col("contract_number", text(60), CONTRACT_NUMBER, true),
      col("received_date", { t: "date" }, ["回款日期", "收款日期", "到账日期", "received date", "payment date", "date received", "date"], true),
      col("amount", { t: "amount", signed: true }, ["回款金额", "收款金额", "金额", "amount", "payment amount", "amount received"], true),
      col("note", text(1000), ["备注", "说明", "note", "notes", "memo"]),
    ],
  },
};

/** The product catalogue (keyed by code) and opportunity line items (one row per line; a file's lines replace the opportunity's). */
export const PRODUCT_KINDS: Record<"products" | "opportunity-lines", KindSpec> = {
  products: {
    kind: "products",
    entity: "product",
    columns: [
      col("code", text(60), ["产品编码", "产品编号", "编码", "物料编码", "product code", "sku", "item code", "code"], true),
      col("name", text(), ["产品名称", "名称", "品名", "product name", "product", "name"], true),
      col("category", text(100), ["产品类别", "类别", "分类", "category", "product family", "product category"]),
      col("unit", text(20), ["单位", "计量单位", "unit", "uom"]),
      col("list_price", { t: "amount" }, ["标准价", "标价", "价格", "单价", "list price", "price", "unit price"], true),
      col("cost", { t: "amount" }, ["成本", "成本价", "cost", "unit cost"]),
      col(
        "active",
        enumOf([
          ["1", "是", "在售", "启用", "yes", "true", "active"],
          ["0", "否", "停用", "停售", "no", "false", "inactive"],
        ]),
        ["在售", "状态", "启用", "active", "status"],
      ),
    ],
  },
  "opportunity-lines": {
    kind: "opportunity-lines",
    entity: "opportunity",
    columns: [
      col("opportunity_external_id", text(100), OPPORTUNITY_REF, true),
      col("product", text(), ["产品编码", "产品", "产品名称", "product code", "product", "product name", "sku"], true),
      col("units", { t: "int", min: 1 }, ["数量", "台数", "quantity", "qty", "units"], true),
      col("unit_price", { t: "amount" }, ["单价", "成交单价", "unit price", "sales price", "price"]),
      col("discount_pct", { t: "percent" }, ["折扣", "行折扣", "discount", "line discount", "discount %"]),
    ],
  },
};

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
