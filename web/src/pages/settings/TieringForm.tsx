/**
 * The tiering settings as a form (GET / PUT /settings/tiering): window, ABC cuts, pyramid tiers, grade weights and
 * cut-offs, priority weights, cuts and revisit days, key-account bands, KAISM cuts, lifetime value. Shares show as
 * percentages and are saved as fractions; the server validates and answers with the field. The scoring rules,
 * RFM segments and KAISM criteria stay editable as JSON under 高级.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Collapse, Form, Input, InputNumber, Space, Typography } from "antd";
import { api } from "../../api/client";
import { Unavailable } from "../../components/Unavailable";
import { useI18n } from "../../i18n";
import type { TieringSettings } from "../../../../src/tiering/settings-model";

type Settings = TieringSettings;
type Body = Record<string, unknown>;
const pct = (v: number | null | undefined) => (v == null ? null : Math.round(v * 10_000) / 100);
const frac = (v: number | null | undefined) => (v == null ? null : v / 100);

/** Server settings → form values (fractions as percentages, advanced sections as JSON text). */
function toForm(s: Settings) {
  return {
    windowMonths: s.windowMonths,
    abc: { a: pct(s.abc.a), b: pct(s.abc.b), topFraction: pct(s.abc.topFraction) },
    pyramid: s.pyramid.map((p) => ({ ...p, share: pct(p.share) })),
    grading: { weights: s.grading.weights, grades: s.grading.grades },
    priority: { weights: s.priority.weights, cuts: s.priority.cuts, revisitDays: s.priority.revisitDays },
    keyAccounts: {
      targetProbability: s.keyAccounts.targetProbability,
      bands: { high: pct(s.keyAccounts.bands.high), medium: pct(s.keyAccounts.bands.medium) },
    },
    kaismCut: s.kaism.cut,
    clv: { ...s.clv, monthlyDiscount: pct(s.clv.monthlyDiscount), margin: pct(s.clv.margin) },
    advanced: JSON.stringify(
      {
        gradingRules: s.grading.rules,
        prioritySizeRule: s.priority.sizeRule,
        rfm: s.rfm,
        kaismCriteria: { attractiveness: s.kaism.attractiveness, strength: s.kaism.strength },
      },
      null,
      2,
    ),
  };
}

/** Form values → the settings body (every section, so one save keeps them consistent). */
function fromForm(v: ReturnType<typeof toForm>, current: Settings): Body {
  const adv = JSON.parse(v.advanced) as Partial<{ gradingRules: unknown; prioritySizeRule: unknown; rfm: unknown; kaismCriteria: Body }>;
  return {
    windowMonths: v.windowMonths,
    abc: { a: frac(v.abc.a), b: frac(v.abc.b), topFraction: frac(v.abc.topFraction) },
    pyramid: v.pyramid.map((p) => ({ ...p, share: frac(p.share) })),
    grading: { rules: adv.gradingRules ?? current.grading.rules, weights: v.grading.weights, grades: v.grading.grades },
    rfm: adv.rfm ?? current.rfm,
    kaism: { ...(adv.kaismCriteria ?? { attractiveness: current.kaism.attractiveness, strength: current.kaism.strength }), cut: v.kaismCut },
    keyAccounts: {
      targetProbability: v.keyAccounts.targetProbability,
      bands: { high: frac(v.keyAccounts.bands.high), medium: frac(v.keyAccounts.bands.medium) },
    },
    priority: {
      sizeRule: adv.prioritySizeRule ?? current.priority.sizeRule,
      weights: v.priority.weights,
      cuts: v.priority.cuts,
      revisitDays: v.priority.revisitDays,
    },
    clv: { ...v.clv, monthlyDiscount: frac(v.clv.monthlyDiscount), margin: frac(v.clv.margin) },
  };
}

const n = (props: { min?: number; max?: number; suffix?: string; step?: number } = {}) => <InputNumber style={{ width: 120 }} {...props} />;

export function TieringForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const q = useQuery({ queryKey: ["settings", "tiering"], queryFn: () => api.get<Settings>("/settings/tiering"), meta: { silent: true } });
  const save = useMutation({
    mutationFn: (body: Body) => api.put("/settings/tiering", body),
    onSuccess: () => {
      message.success(t("common.saved"));
      void qc.invalidateQueries();
    },
  });
  if (q.error) return <Unavailable error={q.error} />;
  if (!q.data) return <Card loading />;
  const submit = (v: ReturnType<typeof toForm>) => {
    let body: Body;
    try {
      body = fromForm(v, q.data);
    } catch {
      message.error(t("set.badJson"));
      return;
    }
    save.mutate(body);
  };
  const row = { style: { marginBottom: 8 } };
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={toForm(q.data)}
      onFinish={() => submit(form.getFieldsValue(true))}
      data-testid="tiering-form"
      style={{ rowGap: 8 }}
    >
      <Space direction="vertical" size={12} style={{ width: "100%" }}>
        <Card size="small" title={t("tset.window")}>
          <Form.Item name="windowMonths" label={t("tset.windowMonths")} {...row}>
            {n({ min: 1, max: 120, suffix: t("tset.months") })}
          </Form.Item>
        </Card>
        <Card size="small" title={t("tset.abc")}>
          <Form.Item name={["abc", "a"]} label={t("tset.abcA")} {...row}>
            {n({ min: 1, max: 100, suffix: "%" })}
          </Form.Item>
          <Form.Item name={["abc", "b"]} label={t("tset.abcB")} {...row}>
            {n({ min: 1, max: 100, suffix: "%" })}
          </Form.Item>
          <Form.Item name={["abc", "topFraction"]} label={t("tset.topFraction")} {...row}>
            {n({ min: 1, max: 100, suffix: "%" })}
          </Form.Item>
        </Card>
        <Card size="small" title={t("tset.pyramid")}>
          <Form.List name="pyramid">
            {(fields) =>
              fields.map((f) => (
                <Space key={f.key} wrap style={{ display: "flex", marginBottom: 4 }}>
                  <Form.Item name={[f.name, "key"]} label={t("set.key")} {...row}>
                    <Input style={{ width: 90 }} disabled />
                  </Form.Item>
                  <Form.Item name={[f.name, "nameZh"]} label={t("tset.nameZh")} {...row}>
                    <Input style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, "nameEn"]} label={t("tset.nameEn")} {...row}>
                    <Input style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, "share"]} label={t("tset.share")} {...row}>
                    {n({ min: 0.1, max: 100, suffix: "%" })}
                  </Form.Item>
                </Space>
              ))
            }
          </Form.List>
          <Typography.Text type="secondary">{t("tset.sharesHint")}</Typography.Text>
        </Card>
        <Card size="small" title={t("tset.grading")}>
          {(["orderAmount", "profit", "credit", "prospect"] as const).map((k) => (
            <Form.Item key={k} name={["grading", "weights", k]} label={t(`tset.w.${k}`)} {...row}>
              {n({ min: 0, max: 1, step: 0.05 })}
            </Form.Item>
          ))}
          <Form.List name={["grading", "grades"]}>
            {(fields) => (
              <div style={{ width: "100%" }}>
                {fields.map((f) => (
                  <Space key={f.key} style={{ display: "flex" }}>
                    <Form.Item name={[f.name, "grade"]} label={t("value.grade")} {...row}>
                      <Input style={{ width: 60 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, "min"]} label={t("tset.minScore")} {...row}>
                      {n({ min: 0, max: 100 })}
                    </Form.Item>
                  </Space>
                ))}
              </div>
            )}
          </Form.List>
        </Card>
        <Card size="small" title={t("tset.priority")}>
          {(["size", "need", "intent"] as const).map((k) => (
            <Form.Item key={k} name={["priority", "weights", k]} label={t(`tset.pw.${k}`)} {...row}>
              {n({ min: 0, max: 1, step: 0.05 })}
            </Form.Item>
          ))}
          <Form.Item name={["priority", "cuts", "high"]} label={t("tset.cutHigh")} {...row}>
            {n({ min: 0, max: 100 })}
          </Form.Item>
          <Form.Item name={["priority", "cuts", "medium"]} label={t("tset.cutMedium")} {...row}>
            {n({ min: 0, max: 100 })}
          </Form.Item>
          {(["high", "medium", "low"] as const).map((k) => (
            <Form.Item key={k} name={["priority", "revisitDays", k]} label={t("tset.revisit", { level: t(`prio.${k}`) })} {...row}>
              {n({ min: 1, max: 365, suffix: t("common.days") })}
            </Form.Item>
          ))}
        </Card>
        <Card size="small" title={t("tset.keyAccounts")}>
          <Form.Item name={["keyAccounts", "targetProbability"]} label={t("tset.targetProbability")} {...row}>
            {n({ min: 0, max: 100, suffix: "%" })}
          </Form.Item>
          <Form.Item name={["keyAccounts", "bands", "high"]} label={t("tset.bandHigh")} {...row}>
            {n({ min: 0, max: 100, suffix: "%" })}
          </Form.Item>
          <Form.Item name={["keyAccounts", "bands", "medium"]} label={t("tset.bandMedium")} {...row}>
            {n({ min: 0, max: 100, suffix: "%" })}
          </Form.Item>
          <Form.Item name={["kaismCut", "attractiveness"]} label={t("tset.kaismA")} {...row}>
            {n({ min: 0, max: 100 })}
          </Form.Item>
          <Form.Item name={["kaismCut", "strength"]} label={t("tset.kaismS")} {...row}>
            {n({ min: 0, max: 100 })}
          </Form.Item>
        </Card>
        <Card size="small" title={t("tset.clv")}>
          <Form.Item name={["clv", "horizonMonths"]} label={t("tset.horizon")} {...row}>
            {n({ min: 1, max: 120, suffix: t("tset.months") })}
          </Form.Item>
          <Form.Item name={["clv", "monthlyDiscount"]} label={t("tset.discount")} {...row}>
            {n({ min: 0, max: 100, step: 0.1, suffix: "%" })}
          </Form.Item>
          <Form.Item name={["clv", "margin"]} label={t("tset.margin")} tooltip={t("tset.blankMeasured")} {...row}>
            {n({ min: 0, max: 100, suffix: "%" })}
          </Form.Item>
          <Form.Item name={["clv", "lifespanYears"]} label={t("tset.lifespan")} tooltip={t("tset.blankChurn")} {...row}>
            {n({ min: 0.1, max: 100, suffix: t("tset.years") })}
          </Form.Item>
        </Card>
        <Collapse
          size="small"
          items={[
            {
              key: "adv",
              forceRender: true,
              label: t("tset.advanced"),
              children: (
                <Form.Item name="advanced" style={{ width: "100%" }}>
                  <Input.TextArea rows={14} style={{ fontFamily: "monospace", fontSize: 12 }} aria-label={t("tset.advanced")} />
                </Form.Item>
              ),
            },
          ]}
        />
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="tiering-save">
          {t("common.save")}
        </Button>
      </Space>
    </Form>
  );
}
