/**
 * Merging two duplicates, the pure part: which fields a person may pick from either record, the survivor's values
 * once picked, and the external ids that stay behind as aliases. A field not named keeps the survivor's (target's)
 * value; a field named that does not exist is an error naming it.
 */
import { invalid } from "../core/errors";

export type Side = "source" | "target";
export type Keep = Readonly<Record<string, Side>>;

/** API field → column, for customers and contacts. */
export const CUSTOMER_MERGE_FIELDS = {
  name: "name",
  externalId: "external_id",
  creditCode: "credit_code",
  industry: "industry",
  region: "region",
  sizeBand: "size_band",
  channel: "channel",
  ownerId: "owner_id",
  creditRating: "credit_rating",
  prospectRating: "prospect_rating",
  lifecycleStage: "lifecycle_stage",
  priority: "priority",
  tags: "tags",
  notes: "notes",
  nextFollowUpDate: "next_follow_up_date",
} as const;
export const CONTACT_MERGE_FIELDS = {
  name: "name",
  externalId: "external_id",
  customerId: "customer_id",
  title: "title",
  decisionRole: "decision_role",
  phone: "phone",
  email: "email",
  notes: "notes",
} as const;

/**
 * The columns the survivor takes from the source: { column: value } for each field kept from the source whose value
 * differs. Throws INVALID naming `keep.<field>` for a field that is not one of `fields`.
 */
export function survivorPatch(
  fields: Readonly<Record<string, string>>,
  keep: Keep,
  source: Readonly<Record<string, unknown>>,
  target: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [field, side] of Object.entries(keep)) {
    const col = fields[field];
    if (!Object.hasOwn(fields, field))
      throw invalid(`keep.${field}`, `${field} is not a field that can be kept (one of: ${Object.keys(fields).join(", ")})`, { rule: "merge_field" });
    if (side !== "source" && side !== "target") throw invalid(`keep.${field}`, `keep.${field} must be "source" or "target"`, { rule: "merge_side" });
    if (side === "source" && source[col] !== target[col]) patch[col] = source[col];
  }
  return patch;
}

/** The source's external id, the target's when the source's replaces it, and the source's export key: each then finds the survivor. */
export function aliasesAfterMerge(sourceExt: string | null, targetExt: string | null, survivorExt: string | null, sourceExportKey: string): string[] {
  return [...new Set([sourceExt, targetExt, sourceExportKey])].filter((e): e is string => e != null && e !== survivorExt);
}
