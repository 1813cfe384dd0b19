/** The customer list (客户档案): search, filters, sort, export, and a form for a new customer with duplicate warnings. */
import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Checkbox, Dropdown, Form, Input, Modal, Select, Space, Table, Tag, Typography } from "antd";
import type { TableColumnType } from "antd";
import { useDeferredValue, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, downloadUrl } from "../../api/client";
import type { Customer, Page } from "../../api/types";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { day } from "../../format";
import { useCode, useI18n } from "../../i18n";
import { CUSTOMER_FIELDS, PriorityTag } from "./fields";
import type { Countdown } from "../../api/org-types";
import { PoolBadge, TransferDialog } from "../../components/PoolActions";
import { ViewPicker } from "../../components/ViewPicker";
import { CustomFieldsFormItems } from "../../components/custom/CustomFieldsFormItems";
import { CustomFilter, customParam, useCustomFilterParams } from "../../components/custom/CustomFilter";

export default function CustomersPage() {
  const { t } = useI18n();
  const code = useCode();
  const { values, set } = useFilters(["owner", "team", "tier", "q", "sort", "cols"]);
  const shown = values.cols ? new Set(values.cols.split(",")) : null;
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [transferring, setTransferring] = useState(false);
  const cf = useCustomFilterParams();
  const filters = { q: values.q, owner: values.owner, team: values.team, tier: values.tier, sort: values.sort ?? "name", ...cf };
  const q = useInfiniteQuery({
    queryKey: ["customers", filters],
    queryFn: ({ pageParam }) => api.get<Page<Customer>>("/customers", { ...filters, limit: 100, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const customerColumns: Array<TableColumnType<Customer & { poolCountdown?: Countdown | null }> & { title: string; dataIndex: string }> = [
    { title: t("common.name"), dataIndex: "name", render: (v: string, r) => <Link to={`/customers/${r.id}`}>{v}</Link> },
    { title: t("cust.industry"), dataIndex: "industry", width: 110 },
    { title: t("cust.region"), dataIndex: "region", width: 80 },
    { title: t("cust.lifecycle"), dataIndex: "lifecycleStage", width: 110, render: (v: string) => code("life", v) },
    { title: t("cust.priority"), dataIndex: "priority", width: 70, render: (v: string) => <PriorityTag p={v} /> },
    { title: t("cust.tags"), dataIndex: "tags", render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
    { title: t("cust.nextFollowUp"), dataIndex: "nextFollowUpDate", width: 110, render: day },
    { title: t("common.owner"), dataIndex: "ownerName", width: 90 },
    { title: t("nav.pools"), dataIndex: "poolCountdown", width: 110, render: (c: Countdown | null) => <PoolBadge c={c} /> },
  ];
  return (
    <div>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 12 }} wrap>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("cust.list")}
          </Typography.Title>
          <ViewPicker list="customers" keys={["owner", "team", "tier", "q"]} />
          <Input.Search
            key={values.q ?? ""}
            allowClear
            placeholder={t("common.search")}
            defaultValue={values.q}
            onSearch={(v) => set("q", v)}
            style={{ width: 220 }}
            aria-label={t("common.search")}
          />
          <FilterBar show={["owner", "team", "tier"]} />
          <CustomFilter entity="customer" />
          <Select
            value={filters.sort}
            onChange={(v) => set("sort", v)}
            style={{ width: 130 }}
            aria-label={t("common.sort")}
            options={[
              { value: "name", label: t("common.name") },
              { value: "-updated_at", label: "↓ updated" },
            ]}
          />
          <Select
            mode="multiple"
            allowClear
            maxTagCount={0}
            placeholder={t("view.columns")}
            style={{ width: 130 }}
            aria-label={t("view.columns")}
            value={shown ? [...shown] : []}
            onChange={(v: string[]) => set("cols", v.join(","))}
            options={customerColumns.filter((c) => c.dataIndex !== "name").map((c) => ({ value: c.dataIndex, label: c.title }))}
          />
        </Space>
        <Space>
          <Dropdown
            menu={{
              items: ["csv", "xlsx"].map((f) => ({
                key: f,
                label: (
                  <a href={downloadUrl("/export/customers", { ...filters, custom: customParam(cf), format: f })} download>
                    {f.toUpperCase()}
                  </a>
                ),
              })),
            }}
          >
            <Button icon={<DownloadOutlined />}>{t("common.export")}</Button>
          </Dropdown>
          {selected.length > 0 && (
            <Button onClick={() => setTransferring(true)} data-testid="bulk-transfer">
              {t("transfer.title", { n: selected.length })}
            </Button>
          )}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t("cust.new")}
          </Button>
        </Space>
      </Space>
      <Table<Customer & { poolCountdown?: Countdown | null }>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1000 }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
        columns={customerColumns.filter((c) => !shown || c.dataIndex === "name" || shown.has(c.dataIndex))}
      />
      {transferring && (
        <TransferDialog
          ids={selected}
          onClose={() => {
            setTransferring(false);
            setSelected([]);
          }}
        />
      )}
      {q.hasNextPage && (
        <div style={{ textAlign: "center", marginTop: 12 }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            +100
          </Button>
        </div>
      )}
      {creating && <NewCustomer onClose={() => setCreating(false)} />}
    </div>
  );
}

/** The create form checks for duplicates while the user types (GET /customers/duplicates) and creates one only after explicit confirmation. */
function NewCustomer({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const name = Form.useWatch("name", form) as string | undefined;
  const creditCode = Form.useWatch("creditCode", form) as string | undefined;
  const typed = useDeferredValue({ name: (name ?? "").trim(), creditCode: (creditCode ?? "").trim() });
  const [confirmed, setConfirmed] = useState(false);
  const dupQ = useQuery({
    queryKey: ["customers", "duplicates", typed],
    enabled: typed.name.length >= 2 || typed.creditCode.length >= 15,
    meta: { silent: true },
    queryFn: ({ signal }) =>
      api
        .get<{ items: DuplicateHit[] }>("/customers/duplicates", { name: typed.name, creditCode: typed.creditCode || undefined }, { signal })
        .then((r) => r.items),
  });
  const dups = dupQ.data ?? [];
  const blocked = dups.length > 0 && !confirmed;
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post<{ customer: Customer }>("/customers", v),
    onSuccess: (r) => {
      message.success(t("common.saved"));
      onClose();
      navigate(`/customers/${r.customer.id}`);
    },
  });
  return (
    <Modal
      open
      title={t("cust.new")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ disabled: blocked || save.isSuccess }}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          if (!blocked) save.mutate(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== "")));
        }}
      >
        <Form.Item name="name" label={t("common.name")} rules={[{ required: true, whitespace: true }]}>
          <Input autoFocus data-testid="customer-name" onChange={() => setConfirmed(false)} />
        </Form.Item>
        {dups.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t("cust.duplicate")}
            style={{ marginBottom: 12 }}
            data-testid="duplicate-warning"
            description={
              <>
                {dups.map((d, i) => (
                  <div key={d.id ?? `x${i}`}>
                    {d.id ? (
                      <Link to={`/customers/${d.id}`} onClick={onClose}>
                        {d.name}
                      </Link>
                    ) : (
                      <span>{d.name}</span>
                    )}
                    {" · "}
                    {t(d.reason === "credit_code" ? "cust.dupByCode" : "cust.dupByName")}
                    {d.ownerName ? ` · ${t("common.owner")}: ${d.ownerName}` : ""}
                  </div>
                ))}
                {dups.every((d) => d.reason !== "credit_code") && (
                  <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} style={{ marginTop: 8 }} data-testid="duplicate-confirm">
                    {t("cust.dupConfirm")}
                  </Checkbox>
                )}
              </>
            }
          />
        )}
        {CUSTOMER_FIELDS.filter((f) => f.key !== "notes")
          .slice(0, 5)
          .map((f) => (
            <Form.Item key={f.key} name={f.key} label={t(f.label)}>
              {f.input(t)}
            </Form.Item>
          ))}
        <CustomFieldsFormItems entity="customer" />
      </Form>
    </Modal>
  );
}

interface DuplicateHit {
  id: number | null;
  name: string;
  reason: string;
  ownerName: string | null;
  visible: boolean;
}
