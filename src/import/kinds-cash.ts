/** The lead-to-cash kinds (quotes, contracts, payments) and the product catalogue with opportunity line items. Pure data. */
import {
  col,
  CONTRACT_NUMBER,
  CREATED,
  CUSTOMER_NAME,
  CUSTOMER_REF,
  enumOf,
  EXTERNAL_ID,
  importOnly,
  type KindSpec,
  OPPORTUNITY_REF,
  QUOTE_STATUS,
  text,
} from "./column-specs";

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
