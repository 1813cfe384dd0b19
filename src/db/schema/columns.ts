/** Column types the schema files share: generated ids, epoch-millisecond instants, optional references and pinyin. */
import type { ColumnType, Generated } from "kysely";

export type Id = Generated<number>;
export type Ms = number;
/** an optional reference added by a later migration: may be left out on insert */
export type OptionalRef = ColumnType<number | null, number | null | undefined, number | null>;
/** the stored pinyin of a searched text (migration 160) */
export type PinyinColumn = ColumnType<string | null, string | null | undefined, string | null>;
