/** The target-group funnel (目标客户群体漏斗, seed 000): steps with a ratio → 比例, 数量, 剩余, 价格, 销售额; saved as named scenarios. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Input, InputNumber, Select, Space, Table } from "antd";
import { useState } from "react";
import { type ScenarioStep, scenarioTable, SEED_SCENARIO_STEPS } from "../../../../src/planning/scenario";
import { api } from "../../api/client";
import { money, num, pct } from "../../format";
import { useI18n } from "../../i18n";

interface Scenario {
  id: number;
  name: string;
  population: number;
  price_fen?: number;
  priceFen?: number;
  steps: ScenarioStep[];
  version: number;
}

export function ScenarioCard() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({ queryKey: ["scenarios"], queryFn: () => api.get<{ items: Scenario[] }>("/planning/scenarios"), meta: { silent: true } });
  const [current, setCurrent] = useState<Scenario | null>(null);
  const [name, setName] = useState(() => t("plan.scenarioDefault"));
  const [population, setPopulation] = useState(1_000_000);
  const [price, setPrice] = useState(100);
  const [steps, setSteps] = useState<ScenarioStep[]>(SEED_SCENARIO_STEPS);
  const table = scenarioTable(population, Math.round(price * 100), steps);
  const save = useMutation({
    mutationFn: () => {
      const body = { name, population, price_fen: Math.round(price * 100), steps };
      return current
        ? api.put<Scenario>(`/planning/scenarios/${current.id}`, { ...body, version: current.version })
        : api.post<Scenario>("/planning/scenarios", body);
    },
    onSuccess: (s) => {
      message.success(t("common.saved"));
      setCurrent(s);
      void qc.invalidateQueries({ queryKey: ["scenarios"] });
    },
  });
  const load = (id: number) => {
    const s = list.data?.items.find((x) => x.id === id);
    if (!s) return;
    setCurrent(s);
    setName(s.name);
    setPopulation(s.population);
    setPrice((s.price_fen ?? s.priceFen ?? 0) / 100);
    setSteps(s.steps);
  };
  const rows = [
    {
      label: t("plan.population"),
      ratio: null as number | null,
      count: population,
      remaining: null as number | null,
      revenueFen: Math.round(population * price * 100),
      i: -1,
    },
    ...table.rows.map((r, i) => ({ ...r, ratio: r.ratio as number | null, remaining: r.remaining as number | null, i })),
  ];
  return (
    <Card
      size="small"
      title={t("plan.groupFunnel")}
      extra={
        <Space>
          <Select
            placeholder={t("plan.scenario")}
            aria-label={t("plan.scenario")}
            style={{ width: 180 }}
            value={current?.id}
            onChange={load}
            loading={list.isLoading}
            options={(list.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            allowClear
            onClear={() => setCurrent(null)}
          />
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input value={name} onChange={(e) => setName(e.target.value)} style={{ width: 200 }} aria-label={t("plan.scenario")} />
        <span id="plan-population">{t("plan.population")}</span>
        <InputNumber aria-labelledby="plan-population" value={population} min={0} onChange={(x) => setPopulation(Number(x ?? 0))} style={{ width: 140 }} />
        <span id="plan-price">{t("plan.price")} ¥</span>
        <InputNumber aria-labelledby="plan-price" value={price} min={0} onChange={(x) => setPrice(Number(x ?? 0))} style={{ width: 110 }} />
        <Button type="primary" onClick={() => save.mutate()} loading={save.isPending}>
          {t("plan.saveScenario")}
        </Button>
      </Space>
      <Table
        size="small"
        rowKey="i"
        pagination={false}
        dataSource={rows}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t("common.total")}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              {pct(table.overall, 2)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {num(table.buyers)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} />
            <Table.Summary.Cell index={4} align="right">
              {money(table.revenueFen, locale)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} />
          </Table.Summary.Row>
        )}
        columns={[
          {
            title: t("plan.step"),
            dataIndex: "label",
            render: (v: string, r) =>
              r.i < 0 ? (
                <strong>{v}</strong>
              ) : (
                <Input
                  size="small"
                  aria-label={t("plan.stepN", { n: r.i + 1 })}
                  value={v}
                  onChange={(e) => setSteps(steps.map((s, j) => (j === r.i ? { ...s, label: e.target.value } : s)))}
                />
              ),
          },
          {
            title: t("plan.ratio"),
            dataIndex: "ratio",
            width: 110,
            align: "right",
            render: (v: number | null, r) =>
              r.i < 0 ? (
                ""
              ) : (
                <InputNumber
                  size="small"
                  aria-label={t("plan.ratioOf", { step: r.label })}
                  min={0}
                  max={100}
                  value={Math.round((v ?? 0) * 1000) / 10}
                  suffix="%"
                  style={{ width: 90 }}
                  onChange={(x) => setSteps(steps.map((s, j) => (j === r.i ? { ...s, ratio: Math.min(1, Number(x ?? 0) / 100) } : s)))}
                />
              ),
          },
          { title: t("plan.quantity"), dataIndex: "count", align: "right", render: (v: number) => num(v) },
          { title: t("plan.remaining"), dataIndex: "remaining", align: "right", render: (v: number | null) => num(v) },
          { title: t("plan.sales"), dataIndex: "revenueFen", align: "right", render: (v: number) => money(v, locale) },
          {
            title: "",
            key: "x",
            width: 40,
            render: (_: unknown, r) =>
              r.i >= 0 && (
                <Button
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t("common.delete")}
                  onClick={() => setSteps(steps.filter((_s, j) => j !== r.i))}
                />
              ),
          },
        ]}
      />
      <Button
        size="small"
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        onClick={() => setSteps([...steps, { label: `${t("plan.step")} ${steps.length + 1}`, ratio: 0.5 }])}
      >
        {t("plan.addStep")}
      </Button>
    </Card>
  );
}
