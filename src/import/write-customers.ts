/**
 * Customers: upsert by external_id (or, without one, by credit code, then normalised name, else a new customer).
 * A credit code used twice in the file or by another customer is an error;
 * a normalised name already used by another customer is a warning and the record (new, or renamed) points at it
 * (duplicate_of). A lifecycle stage must name a stage of the customer lifecycle pipeline; a priority given by the
 * file is marked as imported, so the nightly job keeps it.
 */
import { resolveLifecycleStage } from "../customers/lifecycle";
import { normaliseName } from "../customers/normalise";
import { syntheticKey } from "./external-ids";
import { lifecycleStages } from "../customers/store";
import type { BulkColumns } from "./bulk";
import { selectWhereIn } from "./bulk";
import type { ParsedRow } from "./record";
import { type ChunkContext, type Counts, existingByExternalId, fileMap, type KindWriter, type Plan, resolveOwner, upsert } from "./writer";

const COLUMNS: BulkColumns = [
  ["external_id", "text"],
  ["name", "text"],
  ["name_norm", "text"],
  ["credit_code", "text"],
  ["industry", "text"],
  ["region", "text"],
  ["size_band", "text"],
  ["channel", "text"],
  ["owner_id", "int8"],
  ["credit_rating", "text"],
  ["prospect_rating", "text"],
  ["lifecycle_stage", "text"],
  ["priority", "text"],
  ["tags", "text"],
  ["notes", "text"],
  ["duplicate_of", "int8"],
  ["created_at", "int8"],
  ["updated_at", "int8"],
  ["priority_source", "text"],
];
const COPIED = ["credit_code", "industry", "region", "size_band", "channel", "credit_rating", "prospect_rating", "lifecycle_stage", "priority", "notes"];

export const customersWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const codesInFile = fileMap<{ row: number; ext: string }>(ctx, "codes");
    const namesInFile = fileMap<{ row: number; ext: string }>(ctx, "names");
    const codes = rows.map((r) => r.values.credit_code).filter((c): c is string => typeof c === "string");
    const norms = rows.filter((r) => typeof r.values.name === "string").map((r) => normaliseName(String(r.values.name)));
    const byCode = new Map<string, { id: number; name: string; external_id: string | null; owner_id: number }>();
    for (const c of await selectWhereIn<{ id: number; name: string; external_id: string | null; credit_code: string; owner_id: number }>(
      ctx.tx,
      "customers",
      "id, name, external_id, credit_code, owner_id",
      "credit_code",
      codes,
    ))
      byCode.set(c.credit_code, c);
    const byNorm = new Map<string, { id: number; name: string; external_id: string | null; owner_id: number }>();
    // A customer the importer may not see is named only as "a customer you cannot see".
    const named = (c: { id: number; name: string; external_id: string | null; owner_id: number }) =>
      ctx.lookups.canOwn(Number(c.owner_id)) ? `customer #${c.id} ${c.name}${c.external_id ? ` (${c.external_id})` : ""}` : "a customer you cannot see";
    for (const c of await selectWhereIn<{ id: number; name: string; external_id: string | null; name_norm: string; owner_id: number }>(
      ctx.tx,
      "customers",
      "id, name, external_id, name_norm, owner_id",
      "name_norm",
      norms,
    ))
      if (!byNorm.has(c.name_norm)) byNorm.set(c.name_norm, c);

    // Rows without an external id are looked up by credit code or name: their matches join the prefetch.
    const matchedKeys = rows
      .filter((r) => r.values.external_id == null)
      .flatMap((r) => {
        const code = typeof r.values.credit_code === "string" ? r.values.credit_code : null;
        const hit = (code ? byCode.get(code) : undefined) ?? (typeof r.values.name === "string" ? byNorm.get(normaliseName(r.values.name)) : undefined);
        return hit ? [hit.external_id ?? syntheticKey("customers", hit.id)] : [];
      });
    const existing = await existingByExternalId(ctx, "customers", [
      ...rows.filter((r) => r.values.external_id != null).map((r) => String(r.values.external_id)),
      ...matchedKeys,
    ]);
    const stages = rows.some((r) => r.values.lifecycle_stage != null) ? await lifecycleStages(ctx.tx) : [];

    const plans: Plan[] = [];
    const keyless = fileMap<number>(ctx, "keyless");
    for (const { row, values: v } of rows) {
      // Without an external id: the customer with this credit code, else with this name once normalised, else a new one.
      let ext = v.external_id == null ? "" : String(v.external_id);
      let matchedId: number | null = null;
      if (!ext) {
        const code = typeof v.credit_code === "string" ? v.credit_code : null;
        const norm = typeof v.name === "string" ? normaliseName(v.name) : null;
        const hit = (code ? byCode.get(code) : undefined) ?? (norm ? byNorm.get(norm) : undefined);
        const fileKey = code ? `code:${code}` : `name:${norm}`;
        const earlier = keyless.get(fileKey) ?? (norm ? keyless.get(`name:${norm}`) : undefined);
        if (earlier !== undefined) {
          ctx.warn(row, "name", `same customer as row ${earlier} (same credit code or name): row skipped`);
          continue;
        }
        if (hit) {
          matchedId = hit.id;
          ext = hit.external_id ?? syntheticKey("customers", hit.id);
        } else ext = `new:${row}`;
        keyless.set(fileKey, row);
        if (norm) keyless.set(`name:${norm}`, row);
      }
      const set: Plan["set"] = ext.startsWith("new:") ? { external_id: null } : matchedId != null && ext.startsWith("jindou:") ? {} : { external_id: ext };
      const insert: Plan["insert"] = { created_at: ctx.now, updated_at: ctx.now, tags: "[]" };
      let ok = true;
      if (typeof v.name === "string") {
        set.name = v.name;
        set.name_norm = normaliseName(v.name);
      }
      for (const k of COPIED) if (v[k] !== undefined) set[k] = v[k] as string | null;
      if (v.tags !== undefined) set.tags = JSON.stringify(v.tags ?? []);
      if (v.priority !== undefined) set.priority_source = v.priority == null ? null : "import";
      if (v.lifecycle_stage != null) {
        const key = resolveLifecycleStage(stages, String(v.lifecycle_stage));
        if (key === undefined) {
          ctx.error(
            row,
            "lifecycle_stage",
            stages.length
              ? `unknown lifecycle stage: ${v.lifecycle_stage} (stages: ${stages.map((x) => `${x.key} ${x.nameZh}`).join(", ")})`
              : "no customer lifecycle pipeline is set up",
          );
          ok = false;
        } else set.lifecycle_stage = key;
      }
      if (v.owner_email !== undefined) {
        const owner = resolveOwner(ctx, row, v.owner_email);
        if (owner == null) ok = false;
        else set.owner_id = owner;
      } else if (ctx.lookups.actor.id != null) insert.owner_id = ctx.lookups.actor.id;
      else {
        ctx.error(row, "owner_email", "required: no importing user to default to");
        ok = false;
      }

      const code = typeof v.credit_code === "string" ? v.credit_code : null;
      if (code) {
        const inFile = codesInFile.get(code);
        const inDb = byCode.get(code);
        if (inFile && inFile.ext !== ext) {
          ctx.error(row, "credit_code", `duplicate credit code: also on row ${inFile.row} (${inFile.ext})`);
          ok = false;
        } else if (inDb && inDb.id !== matchedId && inDb.external_id !== ext && Number(existing.get(ext)?.id) !== Number(inDb.id)) {
          ctx.error(row, "credit_code", `credit code belongs to ${named(inDb)}`);
          ok = false;
        }
        codesInFile.set(code, { row, ext });
      }
      if (typeof set.name_norm === "string") {
        const norm = set.name_norm;
        const inFile = namesInFile.get(norm);
        const inDb = byNorm.get(norm);
        if (inDb && inDb.id !== matchedId && inDb.external_id !== ext) {
          ctx.warn(row, "name", `possible duplicate of ${named(inDb)}`);
          insert.duplicate_of = inDb.id;
          const before = existing.get(ext);
          if (before && before.name_norm !== norm) set.duplicate_of = inDb.id;
        } else if (inFile && inFile.ext !== ext) ctx.warn(row, "name", `possible duplicate of row ${inFile.row} (${inFile.ext}): same name once normalised`);
        if (!inFile) namesInFile.set(norm, { row, ext });
      }
      if (v.created_at != null) set.created_at = v.created_at as number;
      if (ok) plans.push({ row, ext, set, insert });
    }
    const r = await upsert(
      ctx,
      { table: "customers", entity: "customer", columns: COLUMNS, versioned: true, ownerColumn: "owner_id", auditEach: true },
      plans,
      existing,
    );
    return r.counts;
  },
};
