/** Products API shapes and the catalogue query every product picker shares. */
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";

export interface Product {
  id: number;
  code: string;
  name: string;
  category: string | null;
  unit: string | null;
  listPriceFen: number;
  costFen: number | null;
  active: boolean;
  updatedAt: number;
  version: number;
}
export interface PriceList {
  id: number;
  name: string;
  isDefault: boolean;
  version: number;
  items: Array<{ productId: number; code: string; name: string; priceFen: number; listPriceFen: number }>;
}
export interface OppLine {
  id: number;
  productId: number;
  code: string;
  name: string;
  unit: string | null;
  units: number;
  unitPriceFen: number;
  discountBp: number;
  listPriceFen: number;
  totalFen: number;
}
export interface OppLines {
  opportunityId: number;
  version: number;
  amountFen: number;
  items: OppLine[];
  totals: { listFen: number; totalFen: number; effectiveDiscountBp: number };
}

/** The active catalogue (first 500 by code), for pickers and filters. */
export const useActiveProducts = () =>
  useQuery({
    queryKey: ["products", "active"],
    queryFn: () => api.get<{ items: Product[] }>("/products", { active: "true", limit: 500 }).then((r) => r.items),
    staleTime: 60_000,
    meta: { silent: true },
  });
