/** Every migration, in order. Add one line per new file (NNN_name.ts); never edit an applied one. */
import type { Migration } from "kysely";
import * as m001 from "./001_initial";
import * as m030 from "./030_tiering";
import * as m040 from "./040_forecast";
import * as m050 from "./050_funnel";
import * as m060 from "./060_scale";
import * as m065 from "./065_read_models";
import * as m070 from "./070_org";
import * as m080 from "./080_import";
import * as m090 from "./090_trust";
import * as m100 from "./100_rules";
import * as m110 from "./110_web";
import * as m120 from "./120_search_triggers";
import * as m200a from "./200_friday_moved";
import * as m230 from "./230_cash_scale";
import * as m160 from "./160_search_merge";
import * as m150 from "./150_products";
import * as m130 from "./130_pipelines";
import * as m140 from "./140_custom_fields";
import * as m180 from "./180_import_cash";
import * as m210 from "./210_order_stamp";
import * as m220 from "./220_owner_forecast";
import * as m260 from "./260_cash_facts";
import * as m240 from "./240_first_deals";
import * as m270 from "./270_customer_facts";
import * as m290 from "./290_close_date_changes";
import * as m300 from "./300_signed_customers";
import * as m301 from "./301_activities_done";
import * as m340 from "./340_commission_cells";
import * as m280 from "./280_opportunity_reach";
import * as m281 from "./281_closed_cover";
import * as m320 from "./320_forecast_cells";
import * as m310 from "./310_stage_visit_months";
import * as m311 from "./311_stage_visit_days";
import * as m380 from "./380_visits_opp_entered";
import * as m381 from "./381_visit_rollup_shards";
import * as m400 from "./400_receivables_order";
import * as m401 from "./401_customer_stamps";
import * as m430 from "./430_visit_days_one_row";
import * as m431 from "./431_funnel_cover";
import * as m440 from "./440_opportunities_created_scope";

export const migrations: Record<string, Migration> = {
  "001_initial": m001,
  "030_tiering": m030,
  "040_forecast": m040,
  "050_funnel": m050,
  "060_scale": m060,
  "065_read_models": m065,
  "070_org": m070,
  "080_import": m080,
  "090_trust": m090,
  "100_rules": m100,
  "110_web": m110,
  "120_search_triggers": m120,
  "200_friday_moved": m200a,
  "230_cash_scale": m230,
  "160_search_merge": m160,
  "150_products": m150,
  "130_pipelines": m130,
  "140_custom_fields": m140,
  "180_import_cash": m180,
  "210_order_stamp": m210,
  "220_owner_forecast": m220,
  "260_cash_facts": m260,
  "240_first_deals": m240,
  "270_customer_facts": m270,
  "290_close_date_changes": m290,
  "300_signed_customers": m300,
  "301_activities_done": m301,
  "340_commission_cells": m340,
  "280_opportunity_reach": m280,
  "281_closed_cover": m281,
  "320_forecast_cells": m320,
  "310_stage_visit_months": m310,
  "311_stage_visit_days": m311,
  "380_visits_opp_entered": m380,
  "381_visit_rollup_shards": m381,
  "400_receivables_order": m400,
  "401_customer_stamps": m401,
  "430_visit_days_one_row": m430,
  "431_funnel_cover": m431,
  "440_opportunities_created_scope": m440,
};
