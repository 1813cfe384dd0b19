/** Which engine a Kysely instance talks to, for the few places where SQL must differ. */
import { type Kysely, PostgresAdapter } from "kysely";

export type DbKind = "sqlite" | "postgres";

export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;
export const dbKind = (db: Kysely<any>): DbKind => (isPostgres(db) ? "postgres" : "sqlite");
