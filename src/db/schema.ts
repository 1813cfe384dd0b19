/**
 * The database as Kysely sees it. Timestamps are epoch milliseconds (UTC) in bigint columns; calendar dates
 * are "YYYY-MM-DD" text; money is integer fen; booleans are 0/1 integers (same on SQLite and PostgreSQL).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Id = Generated<number>;
type Ms = number;

export interface TeamsTable {
  id: Id;
  name: string;
  manager_id: number | null;
  created_at: Ms;
}
export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  password_hash: string;
  role: "admin" | "manager" | "rep";
  team_id: number | null;
  locale: string;
  active: number;
  created_at: Ms;
  version: Generated<number>;
  department_id: ColumnType<number | null, number | null | undefined>;
  leader_id: ColumnType<number | null, number | null | undefined>;
  data_scope: ColumnType<DataScope | null, DataScope | null | undefined>;
  /** 080_import: the id another system knows the user by (owners in imported files) */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Ms;
  expires_at: Ms;
  last_seen_at: Ms;
}
export interface ApiTokensTable {
  id: Id;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: Ms;
  last_used_at: Ms | null;
  revoked_at: Ms | null;
  scope: ColumnType<"read" | "write", "read" | "write" | undefined>;
  expires_at: ColumnType<Ms | null, Ms | null | undefined>;
}
export interface LoginFailuresTable {
  id: Id;
  email: string;
  ip: string;
  at: Ms;
}

export interface CustomersTable {
  id: Id;
  external_id: string | null;
  name: string;
  name_norm: string;
  credit_code: string | null;
  industry: string | null;
  region: string | null;
  size_band: string | null;
  channel: string | null;
  owner_id: number | null;
  credit_rating: string | null;
  prospect_rating: string | null;
  lifecycle_stage: string | null;
  priority: string | null;
  tags: string;
  notes: string | null;
  duplicate_of: number | null;
  next_follow_up_date: string | null;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
  pool_id: ColumnType<number | null, number | null | undefined>;
  owner_since: ColumnType<Ms | null, Ms | null | undefined>;
  locked: Generated<number>;
  previous_owner_id: ColumnType<number | null, number | null | undefined>;
  pooled_at: ColumnType<Ms | null, Ms | null | undefined>;
}
export interface ContactsTable {
  id: Id;
  external_id: string | null;
  customer_id: number;
  name: string;
  title: string | null;
  decision_role: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface RecordSharesTable {
  id: Id;
  entity: "customer" | "opportunity";
  entity_id: number;
  user_id: number | null;
  created_at: Ms;
  department_id: ColumnType<number | null, number | null | undefined>;
  access: ColumnType<"read" | "write", "read" | "write" | undefined>;
  expires_at: ColumnType<Ms | null, Ms | null | undefined>;
  created_by: ColumnType<number | null, number | null | undefined>;
}

export interface PipelinesTable {
  id: Id;
  key: string;
  name_zh: string;
  name_en: string;
  kind: "deal" | "customer";
  skip_rule: "strict" | "warn";
  checklist_rule: "strict" | "warn";
  template: string | null;
  archived: number;
  created_at: Ms;
  version: Generated<number>;
}
export interface StagesTable {
  id: Id;
  pipeline_id: number;
  position: number;
  key: string;
  name_zh: string;
  name_en: string;
  probability: number;
  kind: "open" | "won" | "lost";
  definition_zh: string | null;
  definition_en: string | null;
  stall_days: number | null;
  owner_role: string | null;
  target_conversion: number | null;
}
export interface StageCriteriaTable {
  id: Id;
  stage_id: number;
  position: number;
  text_zh: string;
  text_en: string;
}
export interface StageActionsTable {
  id: Id;
  stage_id: number;
  position: number;
  text_zh: string;
  text_en: string;
}
export interface LostReasonsTable {
  id: Id;
  key: string;
  name_zh: string;
  name_en: string;
  active: number;
  position: number;
}

export interface OpportunitiesTable {
  id: Id;
  external_id: string | null;
  pipeline_id: number;
  stage_id: number;
  customer_id: number;
  owner_id: number;
  title: string;
  amount_fen: number;
  units: number;
  product: string | null;
  expected_close_date: string | null;
  source: string | null;
  forecast_category: "commit" | "best_case" | "pipeline" | "omitted";
  probability_override: number | null;
  status: "open" | "won" | "lost";
  lost_reason: string | null;
  closed_at: Ms | null;
  stage_entered_at: Ms;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface CriterionChecksTable {
  id: Id;
  opportunity_id: number;
  criterion_id: number;
  checked_by: number;
  checked_at: Ms;
  note: string | null;
}
export type StageEventKind = "create" | "advance" | "back" | "stay" | "won" | "lost" | "reopen";
export interface StageEventsTable {
  id: Id;
  opportunity_id: number;
  from_stage_id: number | null;
  to_stage_id: number;
  kind: StageEventKind;
  reason: string | null;
  override: number;
  actor_id: number | null;
  at: Ms;
}
export interface ActivitiesTable {
  id: Id;
  external_id: string | null;
  kind: string;
  customer_id: number;
  contact_id: number | null;
  opportunity_id: number | null;
  owner_id: number;
  subject: string | null;
  met_person: string | null;
  met_title: string | null;
  planned_at: Ms | null;
  done_at: Ms | null;
  outcome: string | null;
  next_follow_up_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface OrdersTable {
  id: Id;
  external_id: string | null;
  customer_id: number;
  opportunity_id: number | null;
  ordered_at: Ms;
  amount_fen: number;
  cost_fen: number;
  units: number;
  product: string | null;
  created_at: Ms;
}

export interface QuotesTable {
  id: Id;
  opportunity_id: number;
  number: string;
  status: string;
  discount_bp: number;
  subtotal_fen: number;
  total_fen: number;
  round: number;
  note: string | null;
  created_by: number;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface QuoteLinesTable {
  id: Id;
  quote_id: number;
  position: number;
  product: string;
  units: number;
  unit_price_fen: number;
  discount_bp: number;
}
export interface QuoteApprovalsTable {
  id: Id;
  quote_id: number;
  round: number;
  approver_id: number;
  decision: "approved" | "rejected";
  note: string | null;
  at: Ms;
}
export interface ContractsTable {
  id: Id;
  opportunity_id: number | null;
  customer_id: number;
  number: string;
  signed_at: Ms;
  amount_fen: number;
  created_by: number;
  created_at: Ms;
  version: Generated<number>;
}
export interface PaymentScheduleTable {
  id: Id;
  contract_id: number;
  seq: number;
  due_date: string;
  amount_fen: number;
}
export interface PaymentsTable {
  id: Id;
  contract_id: number;
  received_at: Ms;
  amount_fen: number;
  note: string | null;
  created_by: number;
  external_id?: string | null;
}

export interface TargetsTable {
  id: Id;
  scope: "user" | "team" | "company";
  scope_id: number | null;
  period: string;
  amount_fen: number | null;
  units: number | null;
  updated_at: Ms;
  version: Generated<number>;
}
export interface ForecastSubmissionsTable {
  id: Id;
  user_id: number;
  period: string;
  week: string;
  commit_fen: number;
  best_case_fen: number;
  note: string | null;
  submitted_at: Ms;
  adjusted_by: number | null;
  adjusted_commit_fen: number | null;
  adjusted_best_case_fen: number | null;
  adjust_note: string | null;
}
export interface ForecastSnapshotsTable {
  id: Id;
  period: string;
  week: string;
  scope: "user" | "team" | "company";
  scope_id: number | null;
  taken_at: Ms;
  commit_fen: number;
  best_case_fen: number;
  pipeline_fen: number;
  omitted_fen: number;
  weighted_fen: number;
  won_fen: number;
}
export interface WinModelsTable {
  id: Id;
  trained_at: Ms;
  trained_by: number | null;
  params: string;
  evaluation: string;
}
export interface WinPredictionsTable {
  opportunity_id: number;
  model_id: number;
  probability: number;
  factors: string;
  scored_at: Ms;
}
export interface TierAssignmentsTable {
  id: Id;
  customer_id: number;
  scheme: string;
  tier: string;
  score: number | null;
  computed_at: Ms;
}
export interface SatisfactionTable {
  id: Id;
  customer_id: number;
  kind: "csat" | "nps";
  score: number;
  note: string | null;
  at: Ms;
  created_by: number;
}
export interface FunnelScenariosTable {
  id: Id;
  name: string;
  population: number;
  price_fen: number;
  steps: string;
  created_by: number;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Ms;
}
export interface KaismScoresTable {
  id: Id;
  customer_id: number;
  criterion: string;
  score: number;
  updated_by: number;
  updated_at: Ms;
}
export interface AuditLogTable {
  id: Id;
  actor_id: number | null;
  entity: string;
  entity_id: number;
  action: string;
  diff: string;
  at: Ms;
  batch_id: ColumnType<string | null, string | null | undefined>;
}
export interface JobRunsTable {
  id: Id;
  job: string;
  run_key: string;
  instance: string;
  started_at: Ms;
  finished_at: Ms | null;
  status: string;
  detail: string | null;
}
export interface ImportRunsTable {
  id: Id;
  kind: string;
  file_name: string | null;
  status: "running" | "done" | "failed" | "dry_run";
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: string;
  created_by: number | null;
  created_at: Ms;
  finished_at: Ms | null;
}

// --- organisation, data scopes and customer pools (070_org) ---
export type DataScope = "self" | "self_and_subordinates" | "dept" | "dept_and_below" | "all";
export interface DepartmentsTable {
  id: Id;
  name: string;
  parent_id: number | null;
  path: string;
  position: Generated<number>;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface DepartmentManagersTable {
  id: Id;
  department_id: number;
  user_id: number;
}
export interface RoleScopesTable {
  role: "admin" | "manager" | "rep";
  scope: DataScope;
  updated_at: Ms;
}
export interface PoolsTable {
  id: Id;
  name: string;
  is_default: Generated<number>;
  mask_contacts: Generated<number>;
  daily_claim_cap: number | null;
  cooldown_days: number | null;
  hold_cap: number | null;
  hold_counts_won: Generated<number>;
  lock_cap: number | null;
  exempt_won: Generated<number>;
  exempt_open_deals: Generated<number>;
  rules_enabled: Generated<number>;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface PoolMembersTable {
  id: Id;
  pool_id: number;
  user_id: number | null;
  department_id: number | null;
}
export interface PoolAdminsTable {
  id: Id;
  pool_id: number;
  user_id: number;
}
export type PoolRuleKind = "no_follow_up" | "no_deal" | "not_won";
export interface PoolRulesTable {
  id: Id;
  pool_id: number;
  kind: PoolRuleKind;
  level: string | null;
  days: number;
  warn_days: number;
  position: Generated<number>;
}
export type PoolEventKind = "release" | "reclaim" | "claim" | "assign" | "transfer";
export interface PoolEventsTable {
  id: Id;
  customer_id: number;
  pool_id: number | null;
  kind: PoolEventKind;
  from_user_id: number | null;
  to_user_id: number | null;
  rule: string | null;
  reason: string | null;
  actor_id: number | null;
  batch_id: string | null;
  at: Ms;
}
export interface PoolWarningsTable {
  id: Id;
  customer_id: number;
  owner_id: number;
  due_date: string;
  rule: string;
  activity_id: number | null;
  created_at: Ms;
}
// Read models (migration 065, src/readmodels/): derived from the tables above, rebuilt by `jindou rebuild`.
export interface StageVisitsTable {
  id: number;
  opportunity_id: number;
  pipeline_id: number;
  stage_id: number;
  from_stage_id: number | null;
  enter_kind: StageEventKind;
  owner_id: number;
  team_id: number | null;
  customer_id: number;
  source: string | null;
  amount_fen: number;
  entered_at: Ms;
  left_at: Ms | null;
  left_kind: StageEventKind | null;
}
export interface CustomerMonthsTable {
  customer_id: number;
  month: number;
  orders: number;
  days: number;
  amount_fen: number;
  cost_fen: number;
  units: number;
  first_at: Ms;
  last_at: Ms;
  first_day: number;
  last_day: number;
  first_day_amount_fen: number;
}
export interface OpportunityFactsTable {
  opportunity_id: number;
  owner_id: number;
  activities: number;
  last_activity_at: Ms | null;
  next_activity_at: Ms | null;
}
/** Read model (280): per opportunity, the stages it ever entered (`,12,13,`, ascending ids) with its scope columns and status. */
export interface OpportunityReachTable {
  opportunity_id: number;
  pipeline_id: number;
  owner_id: number;
  customer_id: number;
  source: string | null;
  status: string;
  created_at: Ms;
  stages: string | null;
}
/** Read model (240): per customer, its first deal-pipeline opportunity's creation instant and id (lowest id on a tie). */
export interface CustomerFirstDealsTable {
  customer_id: number;
  first_at: Ms;
  opportunity_id: number;
}
export interface ReadModelStateTable {
  model: string;
  offset_ms: number;
  built_at: Ms;
  /** bumped by every change of the model (210_order_stamp) */
  version: Generated<number>;
}

export interface Database {
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  customers: CustomersTable;
  contacts: ContactsTable;
  record_shares: RecordSharesTable;
  pipelines: PipelinesTable;
  stages: StagesTable;
  stage_criteria: StageCriteriaTable;
  stage_actions: StageActionsTable;
  lost_reasons: LostReasonsTable;
  opportunities: OpportunitiesTable;
  criterion_checks: CriterionChecksTable;
  stage_events: StageEventsTable;
  activities: ActivitiesTable;
  orders: OrdersTable;
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  quote_approvals: QuoteApprovalsTable;
  contracts: ContractsTable;
  payment_schedule: PaymentScheduleTable;
  payments: PaymentsTable;
  targets: TargetsTable;
  forecast_submissions: ForecastSubmissionsTable;
  forecast_snapshots: ForecastSnapshotsTable;
  win_models: WinModelsTable;
  win_predictions: WinPredictionsTable;
  tier_assignments: TierAssignmentsTable;
  satisfaction: SatisfactionTable;
  funnel_scenarios: FunnelScenariosTable;
  settings: SettingsTable;
  kaism_scores: KaismScoresTable;
  audit_log: AuditLogTable;
  job_runs: JobRunsTable;
  import_runs: ImportRunsTable;
  departments: DepartmentsTable;
  department_managers: DepartmentManagersTable;
  role_scopes: RoleScopesTable;
  pools: PoolsTable;
  pool_members: PoolMembersTable;
  pool_admins: PoolAdminsTable;
  pool_rules: PoolRulesTable;
  pool_events: PoolEventsTable;
  pool_warnings: PoolWarningsTable;
  stage_visits: StageVisitsTable;
  customer_months: CustomerMonthsTable;
  opportunity_facts: OpportunityFactsTable;
  customer_first_deals: CustomerFirstDealsTable;
  opportunity_reach: OpportunityReachTable;
  read_model_state: ReadModelStateTable;
  contract_cash: ContractCashTable;
  instalment_open: InstalmentOpenTable;
  payment_counted: PaymentCountedTable;
  close_date_changes: CloseDateChangesTable;
}

// 260_cash_facts (issue 10): the cash reports' read model (src/readmodels/contract-cash.ts).
export interface ContractCashTable {
  contract_id: number;
  collected_fen: number;
  outstanding_fen: number;
  signed: number;
  fully_paid: number;
  paid_late: number;
  /** days since 1970-01-01 of the earliest unpaid instalment's due date; null when fully paid */
  open_due_day: number | null;
}
export interface InstalmentOpenTable {
  contract_id: number;
  seq: number;
  due_day: number;
  open_fen: number;
}
export interface PaymentCountedTable {
  payment_id: number;
  contract_id: number;
  received_at: Ms;
  counted_fen: number;
}

// 100_rules (issue 11): columns merged into the tables above.
export interface StageEventsTable {
  /** 1 when an import wrote the event (minimal path or history file); a history import replaces only these */
  imported: Generated<number>;
}
export interface CustomersTable {
  /** who set the priority: null / 'auto' (the nightly job), 'manual' (a person), 'import' — only null/auto are re-tiered */
  priority_source: "auto" | "manual" | "import" | null;
}

// 060_scale (issue 10): columns merged into the tables above.
export interface PipelinesTable {
  /** bumped by every change to the pipeline's rules, stages or criteria; the move path caches the gate's view by it */
  config_version: Generated<number>;
}
// --- web app (issue 14): notifications centre (migration 110) ---
export interface NotificationsTable {
  id: Id;
  user_id: number;
  kind: string;
  params: string;
  link: string | null;
  dedupe_key: string | null;
  created_at: Ms;
  read_at: number | null;
}
export interface Database {
  notifications: NotificationsTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type Patch<T extends keyof Database> = Updateable<Database[T]>;
export type { ColumnType };

// --- trust (issue 11, migration 090): declaration merging keeps this block apart from the tables above.
export interface ImportRunsTable {
  /** last sign of life from the instance running the import (stale ⇒ interrupted) */ heartbeat_at?: Ms | null;
}

// --- search and merge (issue 12, migration 160): the stored pinyin of the searched text, and a merged record's external ids.
type PinyinColumn = ColumnType<string | null, string | null | undefined, string | null>;
export interface CustomersTable {
  /** "initials full" pinyin of the name; null until src/search/pinyin-store.ts fills it */ search_pinyin: PinyinColumn;
}
export interface ContactsTable {
  search_pinyin: PinyinColumn;
}
export interface OpportunitiesTable {
  search_pinyin: PinyinColumn;
}
export interface ActivitiesTable {
  search_pinyin: PinyinColumn;
}
export interface ExternalIdAliasesTable {
  id: Id;
  entity: string;
  alias: string;
  target_id: number;
  created_at: Ms;
}
export interface Database {
  external_id_aliases: ExternalIdAliasesTable;
}
// --- products (issue 12, migration 150): the catalogue, price lists, opportunity line items; product on quote lines and orders.
type OptionalRef = ColumnType<number | null, number | null | undefined, number | null>;
export interface ProductsTable {
  id: Id;
  code: string;
  name: string;
  category: string | null;
  unit: string | null;
  list_price_fen: number;
  cost_fen: number | null;
  active: Generated<number>;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface PriceListsTable {
  id: Id;
  name: string;
  is_default: Generated<number>;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface PriceListItemsTable {
  id: Id;
  price_list_id: number;
  product_id: number;
  price_fen: number;
}
export interface OpportunityLinesTable {
  id: Id;
  opportunity_id: number;
  position: number;
  product_id: number;
  units: number;
  unit_price_fen: number;
  discount_bp: number;
  /** the product's list price when the line was written: the effective discount is measured against it */
  list_price_fen: number;
  total_fen: number;
}
export interface QuoteLinesTable {
  product_id: OptionalRef;
  list_price_fen: OptionalRef;
}
export interface OrdersTable {
  product_id: OptionalRef;
}
export interface Database {
  products: ProductsTable;
  price_lists: PriceListsTable;
  price_list_items: PriceListItemsTable;
  opportunity_lines: OpportunityLinesTable;
}
// --- pipelines by the user and saved views (issue 12, migration 130): declaration merging.
export interface StagesTable {
  /** set when the stage was removed from its pipeline: kept so history and reports still name it */
  archived_at: ColumnType<Ms | null, Ms | null | undefined, Ms | null>;
}
export interface SavedViewsTable {
  id: Id;
  list: string;
  name: string;
  owner_id: number;
  department_id: number | null;
  /** JSON object of the list's query parameters */ filters: string;
  /** JSON array of column keys */ columns: string;
  sort: string | null;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface Database {
  saved_views: SavedViewsTable;
}

// --- custom fields (issue 12, migration 140) ---
export interface CustomFieldsTable {
  id: Id;
  entity: string;
  key: string;
  label_zh: string;
  label_en: string;
  type: string;
  required: number;
  /** JSON array of { key, labelZh, labelEn } for select types */
  options: string;
  position: number;
  active: number;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface CustomValuesTable {
  field_id: number;
  record_id: number;
  entity: string;
  seq: number;
  text_value: string | null;
  num_value: number | null;
  long_value: string | null;
}
export interface Database {
  custom_fields: CustomFieldsTable;
  custom_values: CustomValuesTable;
}

// 290_close_date_changes (issue 10): the Friday view's close-date changes (src/readmodels/close-date-changes.ts).
export interface CloseDateChangesTable {
  /** the audit_log row the change was read from */
  audit_id: number;
  opportunity_id: number;
  /** the deal's current owner (the access rule's owner condition) */
  owner_id: number;
  changed_at: Ms;
  before_date: string | null;
  after_date: string | null;
}
