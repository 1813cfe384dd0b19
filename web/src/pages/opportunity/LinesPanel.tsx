/** An opportunity's line items: edit products, units, unit price and discount; the amount becomes their total; a quote from the lines. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, InputNumber, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { api, ApiError } from "../../api/client";
import { type OppLines, useActiveProducts } from "../../api/products";
import { ProductSelect } from "../../components/ProductSelect";
import { money, pct } from "../../format";
import { useI18n } from "../../i18n";
import { errorText } from "../../i18n/errors";

interface Draft {
  key: number;
  productId?: number;
  units: number;
  unitPrice?: number | null;
  discount?: number | null;
}

/** Net total of one draft line in fen, as the server computes it (units × price × (1 − discount)). */
const draftTotal = (d: Draft, listFen: number | undefined) => {
  const priceFen = d.unitPrice == null ? (listFen ?? 0) : Math.round(d.unitPrice * 100);
  return Math.round(d.units * priceFen * (1 - (d.discount ?? 0) / 100));
};

export function LinesPanel({ opportunityId, editable }: { opportunityId: number; editable: boolean }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const products = useActiveProducts();
  const q = useQuery({
    queryKey: ["opportunity-lines", opportunityId],
    queryFn: () => api.get<OppLines>(`/opportunities/${opportunityId}/lines`),
    meta: { silent: true },
  });
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  useEffect(() => {
    setDrafts(null);
  }, [q.data?.version]);
  const refresh = () =>
    Promise.all([qc.invalidateQueries({ queryKey: ["opportunity-lines", opportunityId] }), qc.invalidateQueries({ queryKey: ["opportunity", opportunityId] })]);
  const save = useMutation({
    mutationFn: (ds: Draft[]) =>
      api.put<OppLines>(`/opportunities/${opportunityId}/lines`, {
        version: q.data?.version,
        lines: ds
          .filter((d) => d.productId)
          .map((d) => ({
            productId: d.productId,
            units: d.units,
            ...(d.unitPrice == null ? {} : { unitPriceFen: Math.round(d.unitPrice * 100) }),
            discountBp: Math.round((d.discount ?? 0) * 100),
          })),
      }),
    onSuccess: () => {
      message.success(t("common.saved"));
      void refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === "VERSION_CONFLICT") void refresh();
    },
  });
  const quote = useMutation({
    mutationFn: () => api.post<{ number: string }>(`/opportunities/${opportunityId}/quote`, {}),
    onSuccess: (r) => {
      message.success(t("prod.quoteCreated", { number: r.number }));
      void qc.invalidateQueries({ queryKey: ["quotes", opportunityId] });
    },
    onError: (e) => message.error(errorText(locale, e)),
  });
  const listOf = (id?: number) => products.data?.find((p) => p.id === id)?.listPriceFen;
  const start = () =>
    setDrafts(
      (q.data?.items ?? []).map((l, i) => ({ key: i, productId: l.productId, units: l.units, unitPrice: l.unitPriceFen / 100, discount: l.discountBp / 100 })),
    );
  const edit = (key: number, patch: Partial<Draft>) => setDrafts((ds) => (ds ?? []).map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const data = q.data;
  const editing = drafts !== null;
  return (
    <Card
      size="small"
      title={t("prod.lines")}
      data-testid="opp-lines"
      loading={q.isLoading}
      extra={
        editable &&
        !editing && (
          <Space wrap size="small">
            {!!data?.items.length && (
              <Button size="small" onClick={() => quote.mutate()} loading={quote.isPending} data-testid="lines-quote">
                {t("prod.quoteFromLines")}
              </Button>
            )}
            <Button size="small" onClick={start} data-testid="lines-edit">
              {t("common.edit")}
            </Button>
          </Space>
        )
      }
    >
      {editing ? (
        <Space orientation="vertical" style={{ width: "100%" }}>
          {drafts.map((d, i) => (
            <Space key={d.key} wrap size="small" data-testid={`line-${i}`}>
              <ProductSelect
                value={d.productId}
                onChange={(id) => edit(d.key, { productId: id })}
                placeholder={t("prod.product")}
                style={{ width: 200 }}
                testId={`line-product-${i}`}
              />
              <InputNumber
                min={1}
                precision={0}
                value={d.units}
                onChange={(v) => edit(d.key, { units: Number(v ?? 1) })}
                aria-label={t("prod.units")}
                style={{ width: 80 }}
                data-testid={`line-units-${i}`}
              />
              <InputNumber
                min={0}
                value={d.unitPrice ?? undefined}
                placeholder={listOf(d.productId) == null ? t("prod.unitPrice") : String(listOf(d.productId)! / 100)}
                onChange={(v) => edit(d.key, { unitPrice: v == null ? null : Number(v) })}
                aria-label={t("prod.unitPrice")}
                style={{ width: 110 }}
                data-testid={`line-price-${i}`}
              />
              <InputNumber
                min={0}
                max={100}
                value={d.discount ?? undefined}
                onChange={(v) => edit(d.key, { discount: v == null ? null : Number(v) })}
                aria-label={t("prod.discount")}
                placeholder="%"
                style={{ width: 70 }}
              />
              <span className="jd-muted">{money(draftTotal(d, listOf(d.productId)), locale)}</span>
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t("common.delete")}
                onClick={() => setDrafts((ds) => (ds ?? []).filter((x) => x.key !== d.key))}
              />
            </Space>
          ))}
          <Typography.Text type="secondary">{t("prod.defaultPrice")}</Typography.Text>
          <Space wrap>
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setDrafts((ds) => [...(ds ?? []), { key: Date.now(), units: 1 }])}
              data-testid="lines-add"
            >
              {t("prod.addLine")}
            </Button>
            <Button size="small" type="primary" loading={save.isPending} onClick={() => save.mutate(drafts)} data-testid="lines-save">
              {t("prod.saveLines")}
            </Button>
            <Button size="small" onClick={() => setDrafts(null)}>
              {t("common.cancel")}
            </Button>
          </Space>
        </Space>
      ) : data && data.items.length ? (
        <>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.items}
            scroll={{ x: true }}
            columns={[
              {
                title: t("prod.product"),
                render: (_: unknown, l) => (
                  <span>
                    {l.name} <span className="jd-muted">{l.code}</span>
                  </span>
                ),
              },
              { title: t("prod.units"), dataIndex: "units", align: "right" },
              { title: t("prod.unitPrice"), dataIndex: "unitPriceFen", align: "right", render: (v: number) => money(v, locale) },
              { title: "%", dataIndex: "discountBp", align: "right", render: (v: number) => (v ? `${v / 100}%` : "—") },
              { title: t("prod.lineTotal"), dataIndex: "totalFen", align: "right", render: (v: number) => money(v, locale) },
            ]}
          />
          <Space wrap style={{ marginTop: 8 }}>
            <strong data-testid="lines-total">
              {t("prod.total")} {money(data.totals.totalFen, locale)}
            </strong>
            <Tag>{t("prod.amountFromLines")}</Tag>
            {data.totals.effectiveDiscountBp > 0 && (
              <Tag color={data.totals.effectiveDiscountBp > 1000 ? "orange" : undefined}>
                {t("prod.effectiveDiscount", { pct: pct(data.totals.effectiveDiscountBp / 10_000) })}
              </Tag>
            )}
          </Space>
        </>
      ) : (
        <Typography.Text type="secondary">{t("prod.noLines")}</Typography.Text>
      )}
    </Card>
  );
}
