import { expect, test } from "vitest";
import { AppError } from "../core/errors";
import { aliasesAfterMerge, CUSTOMER_MERGE_FIELDS, survivorPatch } from "./merge";

const source = { name: "杭州金豆科技", credit_code: "91330100MA27XKRP1D", industry: "制造", region: null, notes: "老客户" };
const target = { name: "杭州金豆科技有限公司", credit_code: null, industry: "制造", region: "华东", notes: null };

test("fields kept from the source replace the target's; unnamed fields and equal values change nothing", () => {
  expect(survivorPatch(CUSTOMER_MERGE_FIELDS, { creditCode: "source", industry: "source", region: "target", notes: "source" }, source, target)).toEqual({
    credit_code: "91330100MA27XKRP1D",
    notes: "老客户",
  });
  expect(survivorPatch(CUSTOMER_MERGE_FIELDS, {}, source, target)).toEqual({});
  // keeping the source's empty region clears the target's
  expect(survivorPatch(CUSTOMER_MERGE_FIELDS, { region: "source" }, source, target)).toEqual({ region: null });
});

test("a field that cannot be kept, or a side that is neither, is refused naming keep.<field>", () => {
  const err = (keep: Record<string, string>) => {
    try {
      survivorPatch(CUSTOMER_MERGE_FIELDS, keep as never, source, target);
    } catch (e) {
      return e as AppError;
    }
    throw new Error("no error");
  };
  expect(err({ version: "source" })).toMatchObject({ code: "INVALID", field: "keep.version", params: { rule: "merge_field" } });
  expect(err({ id: "source" })).toMatchObject({ field: "keep.id" });
  expect(err({ name: "both" })).toMatchObject({ code: "INVALID", field: "keep.name", params: { rule: "merge_side" } });
});

test("the aliases: the source's ids, and the target's own when the source's replaces it", () => {
  expect(aliasesAfterMerge("CRM-17", "CRM-4", "CRM-4", "jindou:customers:17")).toEqual(["CRM-17", "jindou:customers:17"]);
  expect(aliasesAfterMerge("CRM-17", "CRM-4", "CRM-17", "jindou:customers:17")).toEqual(["CRM-4", "jindou:customers:17"]);
  expect(aliasesAfterMerge(null, null, null, "jindou:customers:17")).toEqual(["jindou:customers:17"]);
});
