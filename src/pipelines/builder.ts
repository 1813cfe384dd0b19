/**
 * Pipelines built by the user, pure: checks a new pipeline's input and a stage's fields, derives unique stage keys,
 * lays out positions (open stages in order, then Won and Lost), checks a new stage order and a stage removal.
 * Every check throws a coded INVALID or RULE error naming the field; nothing here reads the database.
 */
import { AppError, invalid } from "../core/errors";

export type OwnerRole = "rep" | "manager" | "presales" | "project_team";
export const OWNER_ROLES: readonly OwnerRole[] = ["rep", "manager", "presales", "project_team"];

export interface ItemInput {
  textZh: string;
  textEn: string;
}
export interface StageInput {
  key?: string;
  nameZh: string;
  nameEn: string;
  probability: number;
  definition?: string | null;
  definitionZh?: string | null;
  definitionEn?: string | null;
  /** exit checklist items: a text for both languages, or both texts */
  checklist?: Array<string | ItemInput>;
  actions?: Array<string | ItemInput>;
  stallDays?: number | null;
  ownerRole?: string | null;
}
export interface PipelineInput {
  key: string;
  nameZh: string;
  nameEn: string;
  kind?: "deal" | "customer";
  skipRule?: "strict" | "warn";
  checklistRule?: "strict" | "warn";
  stages: StageInput[];
}

/** A stage ready to insert (its position is decided by the caller's layout). */
export interface StageRow {
  key: string;
  nameZh: string;
  nameEn: string;
  probability: number;
  kind: "open" | "won" | "lost";
  definitionZh: string | null;
  definitionEn: string | null;
  stallDays: number | null;
  ownerRole: string | null;
  criteria: ItemInput[];
  actions: ItemInput[];
}

export const PIPELINE_KEY = /^[a-z0-9_-]{2,40}$/;
const RESERVED = new Set(["won", "lost"]);

const item = (x: string | ItemInput): ItemInput =>
  typeof x === "string" ? { textZh: x.trim(), textEn: x.trim() } : { textZh: x.textZh.trim(), textEn: x.textEn.trim() };

/** Checks one stage's fields; `field` is the path prefix for errors, e.g. "stages.2". */
export function checkStage(s: StageInput, field: string): StageRow {
  const nameZh = (s.nameZh ?? "").trim();
  const nameEn = (s.nameEn ?? "").trim();
  if (!nameZh || nameZh.length > 100) throw invalid(`${field}.nameZh`, "a stage needs a Chinese name of 1-100 characters", { rule: "stageName" });
  if (!nameEn || nameEn.length > 100) throw invalid(`${field}.nameEn`, "a stage needs an English name of 1-100 characters", { rule: "stageName" });
  if (!Number.isInteger(s.probability) || s.probability < 0 || s.probability > 100)
    throw invalid(`${field}.probability`, "the probability is a whole percent from 0 to 100", { rule: "probability" });
  if (s.stallDays != null && (!Number.isInteger(s.stallDays) || s.stallDays < 1 || s.stallDays > 3650))
    throw invalid(`${field}.stallDays`, "stall days are a whole number from 1 to 3650", { rule: "stallDays" });
  if (s.ownerRole != null && !(OWNER_ROLES as readonly string[]).includes(s.ownerRole))
    throw invalid(`${field}.ownerRole`, `the owner role is one of ${OWNER_ROLES.join(", ")}`, { rule: "ownerRole" });
  if (s.key !== undefined && (!PIPELINE_KEY.test(s.key) || RESERVED.has(s.key)))
    throw invalid(`${field}.key`, "a stage key is 2-40 of a-z, 0-9, _ and - (won and lost are taken)", { rule: "stageKey" });
  const lists = { checklist: (s.checklist ?? []).map(item), actions: (s.actions ?? []).map(item) };
  for (const [name, xs] of Object.entries(lists))
    xs.forEach((x, i) => {
      if (!x.textZh || !x.textEn || x.textZh.length > 500 || x.textEn.length > 500)
        throw invalid(`${field}.${name}.${i}`, "an item needs a text of 1-500 characters", { rule: "itemText" });
    });
  const def = (v: string | null | undefined) => (v == null || !v.trim() ? null : v.trim());
  return {
    key: s.key ?? "",
    nameZh,
    nameEn,
    probability: s.probability,
    kind: "open",
    definitionZh: def(s.definitionZh ?? s.definition),
    definitionEn: def(s.definitionEn ?? s.definition),
    stallDays: s.stallDays ?? null,
    ownerRole: s.ownerRole ?? "rep",
    criteria: lists.checklist,
    actions: lists.actions,
  };
}

/** A key from a stage's English name ("Needs analysis" → needs_analysis), unique among `taken`. */
export function stageKey(nameEn: string, taken: ReadonlySet<string>, fallbackIndex: number): string {
  let base = nameEn
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 36);
  if (base.length < 2) base = `stage_${fallbackIndex + 1}`;
  let k = base;
  for (let n = 2; taken.has(k) || RESERVED.has(k); n++) k = `${base}_${n}`;
  return k;
}

const WON: StageRow = {
  key: "won",
  nameZh: "赢单",
  nameEn: "Won",
  probability: 100,
  kind: "won",
  definitionZh: "客户签约并付款,机会关闭。",
  definitionEn: "The customer signed and paid; the opportunity is closed.",
  stallDays: null,
  ownerRole: "rep",
  criteria: [],
  actions: [],
};
const LOST: StageRow = {
  key: "lost",
  nameZh: "丢单",
  nameEn: "Lost",
  probability: 0,
  kind: "lost",
  definitionZh: "客户没有购买,机会关闭;须选择丢单原因。",
  definitionEn: "The customer did not buy; the opportunity is closed and needs a lost reason.",
  stallDays: null,
  ownerRole: "rep",
  criteria: [],
  actions: [],
};

/**
 * Checks a pipeline built from scratch and returns its stages in order: the given open stages (keys derived when
 * absent, unique), then Won and Lost for a deal pipeline. Throws INVALID naming the field.
 */
export function planPipeline(p: PipelineInput): StageRow[] {
  if (!PIPELINE_KEY.test(p.key ?? "")) throw invalid("key", "a pipeline key is 2-40 of a-z, 0-9, _ and -", { rule: "pipelineKey" });
  if (!(p.nameZh ?? "").trim()) throw invalid("nameZh", "the pipeline needs a Chinese name", { rule: "pipelineName" });
  if (!(p.nameEn ?? "").trim()) throw invalid("nameEn", "the pipeline needs an English name", { rule: "pipelineName" });
  if (!Array.isArray(p.stages) || p.stages.length === 0) throw invalid("stages", "a pipeline needs at least one open stage", { rule: "noStages" });
  if (p.stages.length > 30) throw invalid("stages", "a pipeline has at most 30 open stages", { rule: "tooManyStages" });
  const rows = p.stages.map((s, i) => checkStage(s, `stages.${i}`));
  const taken = new Set<string>();
  const names = new Set<string>();
  rows.forEach((r, i) => {
    if (r.key && taken.has(r.key)) throw invalid(`stages.${i}.key`, `two stages have the key "${r.key}"`, { rule: "duplicateStageKey" });
    const name = r.nameEn.toLowerCase();
    if (names.has(name)) throw invalid(`stages.${i}.nameEn`, `two stages are named "${r.nameEn}"`, { rule: "duplicateStageName" });
    names.add(name);
    if (r.key) taken.add(r.key);
  });
  for (const [i, r] of rows.entries()) if (!r.key) taken.add((r.key = stageKey(r.nameEn, taken, i)));
  return (p.kind ?? "deal") === "deal" ? [...rows, { ...WON }, { ...LOST }] : rows;
}

export interface LiveStage {
  id: number;
  key: string;
  kind: "open" | "won" | "lost";
  position: number;
  nameEn: string;
}

/** Positions for the live stages: open stages in `openOrder`, then Won, then Lost. Returns [id, position] pairs. */
export function layout(stages: readonly LiveStage[], openOrder: readonly number[]): Array<[number, number]> {
  const won = stages.filter((s) => s.kind === "won").map((s) => s.id);
  const lost = stages.filter((s) => s.kind === "lost").map((s) => s.id);
  return [...openOrder, ...won, ...lost].map((id, position) => [id, position]);
}

/** The open stages' ids in their current order. */
export const openIds = (stages: readonly LiveStage[]): number[] =>
  stages
    .filter((s) => s.kind === "open")
    .sort((a, b) => a.position - b.position)
    .map((s) => s.id);

/** Where a new open stage goes: `position` is its index among the open stages (0 = first); absent → last. */
export function insertAt(stages: readonly LiveStage[], newId: number, position: number | undefined): number[] {
  const ids = openIds(stages);
  const at = position ?? ids.length;
  if (!Number.isInteger(at) || at < 0 || at > ids.length)
    throw invalid("position", `position is 0 to ${ids.length} (the index among the open stages)`, { rule: "position" });
  return [...ids.slice(0, at), newId, ...ids.slice(at)];
}

/** A new order must name every open stage once, and only open stages of this pipeline. */
export function checkStageOrder(stages: readonly LiveStage[], order: readonly number[]): number[] {
  const ids = openIds(stages);
  const want = new Set(ids);
  const seen = new Set<number>();
  for (const id of order) {
    if (!want.has(id)) throw invalid("stageIds", `stage ${id} is not an open stage of this pipeline (Won and Lost stay last)`, { rule: "stageOrderUnknown" });
    if (seen.has(id)) throw invalid("stageIds", `stage ${id} is listed twice`, { rule: "stageOrderTwice" });
    seen.add(id);
  }
  if (seen.size !== want.size) throw invalid("stageIds", "the order must list every open stage of the pipeline", { rule: "stageOrderMissing" });
  return [...order];
}

/**
 * Whether a stage may be removed, and where its opportunities go: only an open stage, never the last open one; a
 * stage that holds opportunities needs `moveTo`, another live stage of the same pipeline that is open.
 */
export function checkRemoval(stages: readonly LiveStage[], stageId: number, holding: number, moveTo: number | undefined): number | null {
  const s = stages.find((x) => x.id === stageId);
  if (!s) throw invalid("id", `stage ${stageId} is not a live stage`, { rule: "stageUnknown" });
  if (s.kind !== "open") throw new AppError("RULE", "Won and Lost cannot be removed", "id", undefined, { rule: "stageTerminal" });
  if (openIds(stages).length <= 1) throw new AppError("RULE", "a pipeline keeps at least one open stage", "id", undefined, { rule: "stageLast" });
  if (moveTo === undefined) {
    if (holding > 0)
      throw new AppError("RULE", `the stage holds ${holding} opportunities: give moveTo, the stage they move to`, "moveTo", undefined, {
        rule: "stageHoldsDeals",
        count: holding,
      });
    return null;
  }
  const t = stages.find((x) => x.id === moveTo);
  if (!t || moveTo === stageId) throw invalid("moveTo", `stage ${moveTo} is not another live stage of this pipeline`, { rule: "moveToOther" });
  if (t.kind !== "open") throw invalid("moveTo", "opportunities move to an open stage (winning or losing them is a move of their own)", { rule: "moveToOpen" });
  return t.id;
}

/** The kind of the event a moved opportunity gets: forward is an advance, backward a back-move. */
export const removalMoveKind = (from: LiveStage, to: LiveStage): "advance" | "back" => (to.position > from.position ? "advance" : "back");
