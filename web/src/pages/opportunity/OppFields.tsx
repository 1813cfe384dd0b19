/** The opportunity's fields, read or edited (PATCH with its version; a stale version is reported and reloaded). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { api, ApiError } from "../../api/client";
import { useLostReasons, useUsers } from "../../api/hooks";
import type { OpportunityDetail } from "../../api/types";
import { SOURCES } from "../../components/FilterBar";
import { day, money, prob } from "../../format";
import { useCode, useI18n } from "../../i18n";
import { CustomFieldsFormItems } from "../../components/custom/CustomFieldsFormItems";
import { useCustomItems } from "../../components/custom/CustomFieldsView";
import { customOf, customPayload, type CustomValues } from "../../components/custom/fields-api";

const CATEGORIES = ["commit", "best_case", "pipeline", "omitted"];
interface Values {
  title: string;
  amount: number;
  units?: number;
  product?: string;
  expectedCloseDate?: Dayjs | null;
  source?: string | null;
  forecastCategory: string;
  probabilityOverride?: number | null;
  ownerId: number;
  custom?: CustomValues;
}

export function OppFields({ opp }: { opp: OpportunityDetail }) {
  const { t, locale } = useI18n();
  const code = useCode();
  const users = useUsers();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<Values>();
  const customItems = useCustomItems("opportunity", customOf(opp));
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.patch(`/opportunities/${opp.id}`, {
        version: opp.version,
        title: v.title,
        amountFen: Math.round(v.amount * 100),
        units: v.units ?? 0,
        product: v.product || null,
        expectedCloseDate: v.expectedCloseDate ? v.expectedCloseDate.format("YYYY-MM-DD") : null,
        source: v.source ?? null,
        forecastCategory: v.forecastCategory,
        probabilityOverride: v.probabilityOverride ?? null,
        ownerId: v.ownerId,
        custom: customPayload(v.custom),
      }),
    onSuccess: () => {
      message.success(t("common.saved"));
      setEditing(false);
      void qc.invalidateQueries({ queryKey: ["opportunity", opp.id] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === "VERSION_CONFLICT") setEditing(false);
    },
  });
  const start = () => {
    form.setFieldsValue({
      title: opp.title,
      amount: opp.amountFen / 100,
      units: opp.units,
      product: opp.product ?? undefined,
      expectedCloseDate: opp.expectedCloseDate ? dayjs(opp.expectedCloseDate) : null,
      source: opp.source,
      forecastCategory: opp.forecastCategory,
      probabilityOverride: opp.probabilityOverride,
      ownerId: opp.ownerId,
      custom: customOf(opp),
    });
    setEditing(true);
  };
  return (
    <Card
      title={t("opp.fields")}
      size="small"
      extra={
        !editing &&
        opp.status === "open" && (
          <Button size="small" onClick={start} data-testid="opp-edit">
            {t("common.edit")}
          </Button>
        )
      }
    >
      {editing ? (
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} size="small">
          <Form.Item name="title" label={t("common.title")} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="amount" label={`${t("common.amount")} (¥)`} rules={[{ required: true }]} style={{ width: "60%" }}>
              <InputNumber min={0} style={{ width: "100%" }} data-testid="opp-amount" />
            </Form.Item>
            <Form.Item name="units" label={t("common.units")} style={{ width: "40%" }}>
              <InputNumber min={0} style={{ width: "100%" }} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="product" label={t("opp.product")}>
            <Input />
          </Form.Item>
          <Form.Item name="expectedCloseDate" label={t("opp.expectedClose")}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="source" label={t("common.source")}>
            <Select allowClear options={SOURCES.map((s) => ({ value: s, label: code("src", s) }))} />
          </Form.Item>
          <Form.Item name="forecastCategory" label={t("opp.forecastCategory")}>
            <Select options={CATEGORIES.map((c) => ({ value: c, label: code("fc", c) }))} />
          </Form.Item>
          <Form.Item name="probabilityOverride" label={`${t("opp.probOverride")} (%)`}>
            <InputNumber min={0} max={100} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="ownerId" label={t("common.owner")}>
            <Select showSearch={{ optionFilterProp: "label" }} options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <CustomFieldsFormItems entity="opportunity" />
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="opp-save">
              {t("common.save")}
            </Button>
            <Button onClick={() => setEditing(false)}>{t("common.cancel")}</Button>
          </Space>
        </Form>
      ) : (
        <Descriptions
          column={1}
          size="small"
          data-testid="opp-fields"
          items={[
            { label: t("common.customer"), children: opp.customerName },
            { label: t("common.amount"), children: <span data-testid="opp-amount-view">{money(opp.amountFen, locale)}</span> },
            { label: t("common.units"), children: opp.units || "—" },
            { label: t("opp.product"), children: opp.product || "—" },
            { label: t("opp.expectedClose"), children: day(opp.expectedCloseDate) },
            { label: t("common.source"), children: code("src", opp.source) },
            { label: t("opp.forecastCategory"), children: code("fc", opp.forecastCategory) },
            {
              label: t("opp.stageProbability"),
              children: prob(opp.probability) + (opp.probabilityOverride !== null ? ` → ${t("opp.probOverride")} ${prob(opp.probabilityOverride)}` : ""),
            },
            { label: t("common.owner"), children: opp.ownerName },
            ...(opp.lostReason ? [{ label: t("opp.lostReason"), children: <LostReasonName k={opp.lostReason} /> }] : []),
            ...customItems,
          ]}
        />
      )}
    </Card>
  );
}

/** A lost reason's name from the configured list (the key only while the list loads). */
function LostReasonName({ k }: { k: string }) {
  const { L } = useI18n();
  const r = useLostReasons().data?.find((x) => x.key === k);
  return <>{r ? L(r, "name") : "…"}</>;
}
