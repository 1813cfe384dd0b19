/** The shapes of the core API (docs/api-core.md) as the web app reads them. */
export type Role = "admin" | "manager" | "rep";
export type Locale = "zh-CN" | "en";

export interface User {
  id: number;
  role: Role;
  teamId: number | null;
  name: string;
  email: string;
  locale: Locale | string;
}
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  teamId: number | null;
  teamName: string | null;
  active: boolean | number;
}
export interface Team {
  id: number;
  name: string;
  managerId: number | null;
}

export interface Criterion {
  id: number;
  position: number;
  textZh: string;
  textEn: string;
}
export interface Stage {
  id: number;
  key: string;
  position: number;
  nameZh: string;
  nameEn: string;
  probability: number;
  kind: "open" | "won" | "lost";
  definitionZh: string | null;
  definitionEn: string | null;
  stallDays: number | null;
  ownerRole: string | null;
  targetConversion: number | null;
  criteria: Criterion[];
  actions: Criterion[];
}
export interface Pipeline {
  id: number;
  key: string;
  nameZh: string;
  nameEn: string;
  kind: "deal" | "customer";
  skipRule: "strict" | "warn";
  checklistRule: "strict" | "warn";
  version: number;
  stages: Stage[];
  /** archived pipelines take no new deals; removed stages are kept (archived) so history still names them */
  archived?: boolean;
  archivedStages?: Stage[];
}
export interface SavedView {
  id: number;
  list: string;
  name: string;
  ownerId: number;
  ownerName: string | null;
  departmentId: number | null;
  departmentName: string | null;
  mine: boolean;
  filters: Record<string, string | number | boolean | null | Array<string | number>>;
  columns: string[];
  sort: string | null;
  version: number;
}
export interface LostReason {
  id: number;
  key: string;
  nameZh: string;
  nameEn: string;
  active: boolean | number;
}

export type ForecastCategory = "commit" | "best_case" | "pipeline" | "omitted";
export interface Opportunity {
  id: number;
  externalId: string | null;
  pipelineId: number;
  stageId: number;
  stageKey: string;
  stageNameZh: string;
  stageNameEn: string;
  probability: number;
  customerId: number;
  customerName: string;
  ownerId: number;
  ownerName: string;
  title: string;
  amountFen: number;
  units: number;
  product: string | null;
  expectedCloseDate: string | null;
  source: string | null;
  forecastCategory: ForecastCategory;
  probabilityOverride: number | null;
  status: "open" | "won" | "lost";
  lostReason: string | null;
  closedAt: number | string | null;
  stageEnteredAt: number | string;
  daysInStage: number;
  stalled: boolean;
  createdAt: number | string;
  updatedAt: number | string;
  version: number;
  nextActivityAt?: number | null;
  lastActivityAt?: number | null;
}
export interface Check {
  criterionId: number;
  checkedBy: number;
  checkedByName: string;
  checkedAt: number | string;
  note: string | null;
}
export interface StageEvent {
  id: number;
  fromStageId: number | null;
  toStageId: number;
  kind: string;
  reason: string | null;
  override: boolean | number;
  actorId: number | null;
  actorName: string | null;
  at: number | string;
}
export interface Activity {
  id: number;
  kind: string;
  customerId: number;
  customerName?: string;
  contactId: number | null;
  opportunityId: number | null;
  opportunityTitle?: string;
  ownerId: number;
  ownerName?: string;
  subject: string | null;
  metPerson: string | null;
  metTitle: string | null;
  plannedAt: number | string | null;
  doneAt: number | string | null;
  outcome: string | null;
  nextFollowUpAt: number | string | null;
  version: number;
}
export interface OpportunityDetail extends Opportunity {
  pipeline: Pipeline;
  checks: Check[];
  events: StageEvent[];
  activities: Activity[];
}

export interface BoardColumn {
  stage: Stage;
  count: number;
  amountFen: number;
  weightedFen: number;
  cards: Opportunity[];
}
export interface Board {
  pipeline: Pipeline;
  columns: BoardColumn[];
  won?: { count: number; amountFen: number } | number;
  lost?: { count: number; amountFen: number } | number;
  [k: string]: unknown;
}

export interface Contact {
  id: number;
  customerId: number;
  name: string;
  title: string | null;
  decisionRole: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  version: number;
}
export interface Order {
  id: number;
  externalId: string | null;
  orderedAt: number | string;
  amountFen: number;
  costFen: number;
  units: number;
  product: string | null;
  opportunityId: number | null;
}
export interface TierRow {
  scheme: string;
  tier: string;
  score: number | null;
  computedAt: number | string;
}
export interface Customer {
  id: number;
  externalId: string | null;
  name: string;
  creditCode: string | null;
  industry: string | null;
  region: string | null;
  sizeBand: string | null;
  channel: string | null;
  ownerId: number;
  ownerName: string;
  creditRating: string | null;
  prospectRating: string | null;
  lifecycleStage: string | null;
  priority: string | null;
  tags: string[];
  notes: string | null;
  duplicateOf: number | null;
  nextFollowUpDate: string | null;
  createdAt: number | string;
  updatedAt: number | string;
  version: number;
}
export interface CustomerDetail extends Customer {
  contacts: Contact[];
  opportunities: Opportunity[];
  activities: Activity[];
  orders: Order[];
  tiers: TierRow[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface Followups {
  overdue: Activity[];
  today: Activity[];
  upcoming: Activity[];
  stageActions: Array<{
    opportunityId: number;
    title: string;
    stageNameZh: string;
    stageNameEn?: string;
    customerName?: string;
    actions: Array<Criterion | string>;
  }>;
  stalled: Opportunity[];
}

export interface ImportRun {
  id: number;
  kind: string;
  status: "running" | "done" | "failed" | "dry_run";
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: Array<{ row: number; column: string | null; reason: string }>;
}
