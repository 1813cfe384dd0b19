/** The product catalogue (keyset-paged, searchable; admins and managers add and edit) and the price lists. */
import { PlusOutlined } from "@ant-design/icons";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import type { PriceList, Product } from "../../api/products";
import { useUser } from "../../auth";
import { money } from "../../format";
import { useI18n } from "../../i18n";

interface ProductValues {
  code: string;
  name: string;
  category?: string;
  unit?: string;
  listPrice: number;
  cost?: number | null;
  active: boolean;
}

export default function ProductsPage() {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t("prod.title")}
      </Typography.Title>
      <Tabs
        items={[
          { key: "catalogue", label: t("prod.title"), children: <Catalogue /> },
          { key: "prices", label: t("prod.priceLists"), children: <PriceLists /> },
        ]}
      />
    </div>
  );
}

function Catalogue() {
  const { t, locale } = useI18n();
  const user = useUser();
  const canWrite = user.role !== "rep";
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState<Product | "new" | null>(null);
  const q = useInfiniteQuery({
    queryKey: ["products", "list", search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.get<{ items: Product[]; nextCursor: string | null }>("/products", { q: search || undefined, limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t("prod.search")} onSearch={setSearch} style={{ width: 220 }} aria-label={t("prod.search")} />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="product-new">
            {t("prod.new")}
          </Button>
        )}
      </Space>
      <Table<Product>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={false}
        loading={q.isLoading}
        scroll={{ x: true }}
        data-testid="product-table"
        locale={{ emptyText: t("common.none") }}
        onRow={(p) => ({ onClick: canWrite ? () => setEditing(p) : undefined, style: canWrite ? { cursor: "pointer" } : undefined })}
        columns={[
          { title: t("prod.code"), dataIndex: "code" },
          { title: t("common.name"), dataIndex: "name" },
          { title: t("prod.category"), dataIndex: "category", render: (v: string | null) => v ?? "—", responsive: ["md"] },
          { title: t("prod.unit"), dataIndex: "unit", render: (v: string | null) => v ?? "—", responsive: ["md"] },
          { title: t("prod.listPrice"), dataIndex: "listPriceFen", align: "right", render: (v: number) => money(v, locale) },
          {
            title: t("common.status"),
            dataIndex: "active",
            render: (v: boolean) => (v ? <Tag color="green">{t("prod.active")}</Tag> : <Tag>{t("prod.inactive")}</Tag>),
          },
        ]}
      />
      {q.hasNextPage && (
        <Button style={{ marginTop: 8 }} onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t("prod.more")}
        </Button>
      )}
      {editing && <ProductForm product={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function ProductForm({ product, onClose }: { product: Product | null; onClose: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProductValues>();
  const save = useMutation({
    mutationFn: (v: ProductValues) => {
      const body = {
        code: v.code,
        name: v.name,
        category: v.category || null,
        unit: v.unit || null,
        listPriceFen: Math.round(v.listPrice * 100),
        costFen: v.cost == null ? null : Math.round(v.cost * 100),
        active: v.active,
      };
      return product ? api.patch(`/products/${product.id}`, { ...body, version: product.version }) : api.post("/products", body);
    },
    onSuccess: () => {
      message.success(t("common.saved"));
      void qc.invalidateQueries({ queryKey: ["products"] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={product ? t("prod.edit") : t("prod.new")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={
          product
            ? {
                code: product.code,
                name: product.name,
                category: product.category ?? undefined,
                unit: product.unit ?? undefined,
                listPrice: product.listPriceFen / 100,
                cost: product.costFen == null ? null : product.costFen / 100,
                active: product.active,
              }
            : { active: true }
        }
      >
        <Form.Item name="code" label={t("prod.code")} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="product-code" />
        </Form.Item>
        <Form.Item name="name" label={t("common.name")} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="product-name" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="category" label={t("prod.category")} style={{ width: "60%" }}>
            <Input />
          </Form.Item>
          <Form.Item name="unit" label={t("prod.unit")} style={{ width: "40%" }}>
            <Input />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="listPrice" label={`${t("prod.listPrice")} (¥)`} rules={[{ required: true }]} style={{ width: "50%" }}>
            <InputNumber min={0} style={{ width: "100%" }} data-testid="product-price" />
          </Form.Item>
          <Form.Item name="cost" label={`${t("prod.cost")} (¥)`} style={{ width: "50%" }}>
            <InputNumber min={0} style={{ width: "100%" }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="active" label={t("prod.active")} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PriceLists() {
  const { t, locale } = useI18n();
  const user = useUser();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const lists = useQuery({ queryKey: ["price-lists"], queryFn: () => api.get<{ items: PriceList[] }>("/price-lists").then((r) => r.items) });
  const products = useQuery({ queryKey: ["products", "all"], queryFn: () => api.get<{ items: Product[] }>("/products", { limit: 500 }).then((r) => r.items) });
  const [editing, setEditing] = useState<PriceList | "new" | null>(null);
  const [form] = Form.useForm<{ name: string; isDefault: boolean; items: Array<{ productId: number; price: number }> }>();
  const save = useMutation({
    mutationFn: (v: { name: string; isDefault: boolean; items?: Array<{ productId: number; price: number }> }) => {
      const body = {
        name: v.name,
        isDefault: v.isDefault,
        items: (v.items ?? []).filter((i) => i?.productId).map((i) => ({ productId: i.productId, priceFen: Math.round(i.price * 100) })),
      };
      return editing && editing !== "new" ? api.patch(`/price-lists/${editing.id}`, { ...body, version: editing.version }) : api.post("/price-lists", body);
    },
    onSuccess: () => {
      message.success(t("common.saved"));
      void qc.invalidateQueries({ queryKey: ["price-lists"] });
      setEditing(null);
    },
  });
  const open = (l: PriceList | "new") => {
    setEditing(l);
    form.setFieldsValue(
      l === "new"
        ? { name: "", isDefault: false, items: [] }
        : { name: l.name, isDefault: l.isDefault, items: l.items.map((i) => ({ productId: i.productId, price: i.priceFen / 100 })) },
    );
  };
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {user.role !== "rep" && (
        <Button icon={<PlusOutlined />} onClick={() => open("new")}>
          {t("prod.newPriceList")}
        </Button>
      )}
      {(lists.data ?? []).map((l) => (
        <Card
          key={l.id}
          size="small"
          title={
            <Space>
              {l.name}
              {l.isDefault && <Tag color="blue">{t("prod.default")}</Tag>}
            </Space>
          }
          extra={
            user.role !== "rep" && (
              <Button size="small" onClick={() => open(l)}>
                {t("common.edit")}
              </Button>
            )
          }
        >
          <Table
            size="small"
            rowKey="productId"
            pagination={false}
            dataSource={l.items}
            locale={{ emptyText: t("common.none") }}
            columns={[
              { title: t("prod.code"), dataIndex: "code" },
              { title: t("common.name"), dataIndex: "name", responsive: ["md"] },
              { title: t("prod.listPrice"), dataIndex: "listPriceFen", align: "right", render: (v: number) => money(v, locale) },
              { title: t("prod.price"), dataIndex: "priceFen", align: "right", render: (v: number) => money(v, locale) },
            ]}
          />
        </Card>
      ))}
      {!lists.isLoading && !lists.data?.length && <Typography.Text type="secondary">{t("common.none")}</Typography.Text>}
      <Modal
        open={editing !== null}
        title={t("prod.priceLists")}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t("common.name")} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="isDefault" label={t("prod.default")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap align="baseline">
                    <Form.Item name={[f.name, "productId"]} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 200 }}
                        showSearch={{ optionFilterProp: "label" }}
                        aria-label={t("prod.product")}
                        options={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, "price"]} rules={[{ required: true }]}>
                      <InputNumber min={0} placeholder="¥" aria-label={t("prod.price")} />
                    </Form.Item>
                    <Button type="text" danger onClick={() => remove(f.name)}>
                      {t("common.delete")}
                    </Button>
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add()}>
                  {t("common.add")}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Space>
  );
}
