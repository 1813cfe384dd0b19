/** Import errors never reveal records the importer cannot see (issue 11): another rep's customers, contacts and credit codes. */
import { beforeAll, expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { importCsv } from "./fixtures";

forEachApp("import errors and invisible records", (t) => {
  const as = (who: "rep" | "otherManager", dryRun = false) => ({
    actor: { id: t().ids[who], role: who === "rep" ? ("rep" as const) : ("manager" as const), teamId: who === "rep" ? t().ids.teamA : t().ids.teamB },
    dryRun,
  });
  beforeAll(async () => {
    const { db, ids, clock } = t();
    await installDefaults(db, clock.now);
    const hidden = await importCsv(
      db,
      "customers",
      "external_id,name,credit_code,owner_email\nHIDE1,保密客户深圳有限公司,91350100M000100Y43,otherrep@test.jindou",
      ids.admin,
    );
    expect(hidden.errors).toEqual([]);
    expect((await importCsv(db, "contacts", "external_id,customer_external_id,name\nHIDE-P1,HIDE1,保密联系人", ids.admin)).errors).toEqual([]);
    expect((await importCsv(db, "customers", "external_id,name,owner_email\nMINE1,我的客户有限公司,rep@test.jindou", ids.admin)).errors).toEqual([]);
  });

  test("a credit code held by a customer the importer cannot see does not name that customer", async () => {
    const r = await importCsv(t().db, "customers", "external_id,name,credit_code\nNEW1,新客户有限公司,91350100M000100Y43", t().ids.rep, as("rep"));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].column).toBe("credit_code");
    expect(r.errors[0].reason).not.toMatch(/保密|HIDE1|#\d/);
    expect(r.errors[0].reason).toMatch(/cannot see/);
    // The owner's manager may see it, so is told which customer it is.
    const m = await importCsv(
      t().db,
      "customers",
      "external_id,name,credit_code\nNEW2,另一个客户,91350100M000100Y43",
      t().ids.otherManager,
      as("otherManager"),
    );
    expect(m.errors[0].reason).toMatch(/保密客户深圳有限公司/);
  });

  test("a same-name warning does not name an invisible customer", async () => {
    const r = await importCsv(t().db, "customers", "external_id,name\nNEW3,保密客户深圳有限公司", t().ids.rep, as("rep", true));
    const text = JSON.stringify(r.warnings);
    expect(text).not.toMatch(/HIDE1|#\d/);
  });

  test("another customer's contact answers exactly like a contact that does not exist", async () => {
    const csv = (contact: string) => `external_id,kind,customer_external_id,contact_external_id,subject\nACT-${contact},call,MINE1,${contact},回访`;
    const hidden = await importCsv(t().db, "activities", csv("HIDE-P1"), t().ids.rep, as("rep", true));
    const missing = await importCsv(t().db, "activities", csv("NO-SUCH"), t().ids.rep, as("rep", true));
    expect(hidden.errors).toHaveLength(1);
    expect(hidden.errors[0].reason.replace("HIDE-P1", "X")).toBe(missing.errors[0].reason.replace("NO-SUCH", "X"));
  });
});
