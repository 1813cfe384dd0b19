/**
 * `cut=custom.<key>` on the reports that cut by customer segment: the report as asked, plus the same report once per
 * option of the customer's select (or multi select, or yes/no) field — each group is the report filtered with
 * `custom=<key>:<option>`, so a group adds up exactly as the filtered report does. A customer of a multi select counts
 * in each of its options; customers without a value are in no group.
 */
import { AppError } from "../core/errors";
import type { DbOrTx } from "../db/tx";
import type { FieldOption } from "./model";
import { listFields } from "./store";

export interface CutGroup<R> {
  key: string;
  labelZh: string;
  labelEn: string;
  report: R;
}
export interface Cut<R> {
  field: string;
  labelZh: string;
  labelEn: string;
  groups: Array<CutGroup<R>>;
}

const YES_NO: FieldOption[] = [
  { key: "true", labelZh: "是", labelEn: "Yes" },
  { key: "false", labelZh: "否", labelEn: "No" },
];

export async function withCut<Q extends { custom?: string }, R extends object>(
  db: DbOrTx,
  cut: string | undefined,
  query: Q,
  run: (q: Q) => Promise<R>,
): Promise<R & { cut?: Cut<R> }> {
  const whole = await run(query);
  if (!cut) return whole;
  const bad = (message: string) => new AppError("INVALID", message, "cut", undefined, { rule: "custom_cut" });
  const m = /^custom\.([a-z][a-z0-9_]*)$/.exec(cut);
  if (!m) throw bad("cut must look like custom.<key>, a customer custom field");
  if (query.custom?.startsWith(`${m[1]}:`)) throw bad("cut and custom name the same field: give one of them");
  const f = (await listFields(db, "customer", false)).find((x) => x.key === m[1]);
  if (!f) throw bad(`cut: ${m[1]} is not an active custom field of customers`);
  const options = f.type === "bool" ? YES_NO : f.type === "select" || f.type === "multi_select" ? f.options : null;
  if (!options) throw bad(`cut: ${m[1]} is a ${f.type} field; reports cut by select, multi select or yes/no fields`);
  const groups: Array<CutGroup<R>> = [];
  for (const o of options) groups.push({ key: o.key, labelZh: o.labelZh, labelEn: o.labelEn, report: await run({ ...query, custom: `${f.key}:${o.key}` }) });
  return { ...whole, cut: { field: f.key, labelZh: f.labelZh, labelEn: f.labelEn, groups } };
}
