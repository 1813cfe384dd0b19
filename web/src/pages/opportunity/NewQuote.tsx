/** A quote from the opportunity page: line items (product, units, unit price, line discount) and an overall discount (POST /quotes), then submit / send. */
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, InputNumber, Modal, Space } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import { money, yuanToFen } from "../../format";
import { useI18n } from "../../i18n";
import { quoteTotals } from "../../../../src/cash/quote";

interface LineValues {
  product: string;
  units: number;
  unitPrice: string;
  discountPct?: number;
}
interface Values {
  lines: LineValues[];
  discountPct?: number;
  note?: string;
}

const bp = (pct: number | undefined) => Math.round((pct ?? 0) * 100);

/** The quote's total with the server's own arithmetic (src/cash/quote.ts), so the form shows what will be saved. */
export function quoteTotal(lines: LineValues[], discountPct: number | undefined): number {
  const valid = lines
    .filter(Boolean)
    .map((l) => ({ units: Number(l.units) || 0, unitPriceFen: yuanToFen(l.unitPrice ?? 0) || 0, discountBp: bp(l.discountPct) }));
  return quoteTotals(valid, bp(discountPct)).totalFen;
}

export function NewQuote({ opportunityId }: { opportunityId: number }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const values = Form.useWatch([], form) as Values | undefined;
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.post("/quotes", {
        opportunityId,
        discountBp: bp(v.discountPct),
        note: v.note || null,
        lines: v.lines.map((l) => ({ product: l.product, units: l.units, unitPriceFen: yuanToFen(l.unitPrice), discountBp: bp(l.discountPct) })),
      }),
    onSuccess: () => {
      message.success(t("common.saved"));
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ["quotes"] });
    },
  });
  return (
    <>
      <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-quote">
        {t("quote.new")}
      </Button>
      <Modal
        open={open}
        title={t("quote.new")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
        width={720}
      >
        <Form form={form} layout="vertical" initialValues={{ lines: [{ units: 1 }] }} onFinish={(v) => save.mutate(v)}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="end" style={{ marginBottom: 4 }}>
                    <Form.Item
                      name={[f.name, "product"]}
                      label={t("quote.product")}
                      rules={[{ required: true, message: t("quote.productRequired") }]}
                      style={{ marginBottom: 8 }}
                    >
                      <Input style={{ width: 180 }} data-testid={`quote-product-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, "units"]} label={t("common.units")} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                      <InputNumber min={1} style={{ width: 80 }} data-testid={`quote-units-${i}`} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, "unitPrice"]}
                      label={t("quote.unitPrice")}
                      rules={[{ required: true, message: t("quote.priceRequired") }]}
                      style={{ marginBottom: 8 }}
                    >
                      <Input style={{ width: 120 }} placeholder={t("quote.pricePlaceholder")} data-testid={`quote-price-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, "discountPct"]} label={t("quote.lineDiscount")} style={{ marginBottom: 8 }}>
                      <InputNumber min={0} max={100} suffix="%" style={{ width: 90 }} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(f.name)}
                        aria-label={t("common.delete")}
                        style={{ marginBottom: 8 }}
                      />
                    )}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ units: 1 })} style={{ marginBottom: 12 }}>
                  {t("quote.addLine")}
                </Button>
              </>
            )}
          </Form.List>
          <Space wrap align="end">
            <Form.Item name="discountPct" label={t("quote.discount")}>
              <InputNumber min={0} max={100} suffix="%" style={{ width: 100 }} data-testid="quote-discount" />
            </Form.Item>
            <Form.Item label={t("quote.total")}>
              <strong data-testid="quote-total">{money(quoteTotal(values?.lines ?? [], values?.discountPct), locale)}</strong>
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t("common.note")}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The next step a quote can take from its status: submit a draft, send an approved one. */
export function QuoteStep({ quote }: { quote: { id: number; status: string; version: number } }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const step = useMutation({
    mutationFn: (path: string) => api.post(`/quotes/${quote.id}/${path}`, { version: quote.version }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["quotes"] }),
  });
  const path = quote.status === "draft" ? "submit" : quote.status === "approved" ? "send" : null;
  if (!path) return null;
  return (
    <Button size="small" loading={step.isPending} onClick={() => step.mutate(path)} data-testid={`quote-${path}-${quote.id}`}>
      {t(path === "submit" ? "quote.submit" : "quote.send")}
    </Button>
  );
}
