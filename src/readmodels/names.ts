/** The read models `jindou rebuild` knows, by name: a module of its own so `jindou --help` lists them without loading the models. */
export const MODELS = ["visits", "orders", "facts", "firsts", "cash", "reach", "closes", "deals", "activities", "vmonths", "vdays", "forecast"] as const;
export type ModelName = (typeof MODELS)[number];
