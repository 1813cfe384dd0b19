/** Shapes of the forecast endpoints (src/forecast/routes.ts) as the web app reads them. */
export type Category = "commit" | "best_case" | "pipeline" | "omitted";
export const CATEGORY_KEYS: Category[] = ["commit", "best_case", "pipeline", "omitted"];
export interface ForecastLine {
  scope: "user" | "team" | "company";
  scopeId: number | null;
  name?: string | null;
  categories: Record<Category, { count: number; amountFen: number; weightedFen: number }>;
  wonCount: number;
  wonFen: number;
  weightedFen: number;
  forecastFen: number;
}
export interface Forecast {
  period: string;
  probability: string;
  reps: ForecastLine[];
  teams: ForecastLine[];
  company: ForecastLine;
}
export interface Movement {
  forecastFen: number;
  previousFen: number | null;
  deltaFen: number | null;
  wonDeltaFen: number | null;
}
export interface Friday {
  period: string;
  asOf: number;
  week: string;
  comparedWithWeek: string | null;
  forecast: Forecast;
  movement: Movement;
  teamMovement?: Array<Movement & { teamId: number; name: string }>;
  periodMoves?: import("./FridayMoves").PeriodMoves;
  [k: string]: unknown;
}
