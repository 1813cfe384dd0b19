/** The product catalogue (migration 150): products, price lists and their items, opportunity line items. */
import type { Generated } from "kysely";
import type { Id, Ms } from "./columns";

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
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface ProductsSchema {
  products: ProductsTable;
  price_lists: PriceListsTable;
  price_list_items: PriceListItemsTable;
  opportunity_lines: OpportunityLinesTable;
}
