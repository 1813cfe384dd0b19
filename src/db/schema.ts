/**
 * The database as Kysely sees it. Timestamps are epoch milliseconds (UTC) in bigint columns; calendar dates
 * are "YYYY-MM-DD" text; money is integer fen; booleans are 0/1 integers (same on SQLite and PostgreSQL).
 * The tables live in src/db/schema/, one file per area; a new table goes into its area's file and that file's
 * `…Schema` interface (a new area: a new file, added to `Database` below).
 */
import type { Insertable, Selectable, Updateable } from "kysely";
import type { CashSchema } from "./schema/cash";
import type { CustomersSchema } from "./schema/customers";
import type { FieldsSchema } from "./schema/fields";
import type { PeopleSchema } from "./schema/people";
import type { PipelinesSchema } from "./schema/pipelines";
import type { PlanningSchema } from "./schema/planning";
import type { PoolsSchema } from "./schema/pools";
import type { ProductsSchema } from "./schema/products";
import type { ReadModelsSchema } from "./schema/read-models";
import type { SystemSchema } from "./schema/system";
import type { TieringSchema } from "./schema/tiering";

export type * from "./schema/cash";
export type * from "./schema/customers";
export type * from "./schema/fields";
export type * from "./schema/people";
export type * from "./schema/pipelines";
export type * from "./schema/planning";
export type * from "./schema/pools";
export type * from "./schema/products";
export type * from "./schema/read-models";
export type * from "./schema/system";
export type * from "./schema/tiering";

export interface Database
  extends PeopleSchema,
    CustomersSchema,
    PipelinesSchema,
    CashSchema,
    ProductsSchema,
    PlanningSchema,
    TieringSchema,
    PoolsSchema,
    ReadModelsSchema,
    SystemSchema,
    FieldsSchema {}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type Patch<T extends keyof Database> = Updateable<Database[T]>;
export type { ColumnType } from "kysely";
