/**
 * The import wizard: choose the kind and upload a CSV/XLSX file; the server decodes it (GB18030, UTF-16 …) and
 * returns the header with each column's field; constants, saved mappings (the --mapping format); a dry run with the per-row error report (row, column, reason); then the
 * import with progress, polled from /import/runs/:id.
 */
import { InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Input, Progress, Result, Select, Space, Steps, Table, Tag, Typography, Upload } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { type ImportKind, KINDS } from "../../../../src/import/kinds";
import { api, downloadUrl } from "../../api/client";
import { type MessageKey, useI18n } from "../../i18n";
import { showError } from "../../queryClient";

const WIZARD_KINDS: ImportKind[] = [
  "customers",
  "contacts",
  "opportunities",
  "activities",
  "orders",
  "users",
  "targets",
  "stage-history",
  "quotes",
  "contracts",
  "payments",
  "products",
  "opportunity-lines",
];
interface Run {
  id: number;
  status: "running" | "done" | "failed" | "dry_run";
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: Array<{ row: number; column: string | null; reason: string }>;
  errorCount?: number;
}

/** What the server read from the file: it decodes it (UTF-8, BOM, GB18030, UTF-16, XLSX) and recognises the headers. */
interface Preview {
  format: "csv" | "xlsx";
  encoding: string | null;
  delimiter: string | null;
  header: string[];
  rows: string[][];
  mapping: Record<string, string>;
}

const FILE_TYPE = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv" } as const;

/** The mapping in the format `jindou import --mapping file.json` reads (columns, set, values). */
export function mappingFile(kind: ImportKind, map: Record<string, string>, set: Record<string, string>) {
  return {
    kind,
    columns: Object.fromEntries(Object.entries(map).filter(([, v]) => v !== "-")),
    set: Object.fromEntries(Object.entries(set).filter(([, v]) => v.trim() !== "")),
    values: {},
  };
}

export default function ImportPage() {
  const { t } = useI18n();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>("customers");
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<string[] | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [map, setMap] = useState<Record<string, string>>({});
  const [set, setSet] = useState<Record<string, string>>({});
  const [dry, setDry] = useState<Run | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [busy, setBusy] = useState(false);
  const format = file?.name.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv";
  const columns = KINDS[kind].columns;

  const readPreview = async (f: File, k: ImportKind) => {
    const fmt = f.name.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv";
    const p = await api.post<Preview>(`/import/preview/${k}?${new URLSearchParams({ format: fmt })}`, undefined, {
      headers: { "content-type": FILE_TYPE[fmt] },
      rawBody: f,
    });
    setPreview(p);
    setHeader(p.header);
    setMap(p.mapping);
  };
  const choose = async (f: File) => {
    setFile(f);
    setDry(null);
    setRun(null);
    try {
      await readPreview(f, kind);
      setStep(1);
    } catch (e) {
      showError(e);
    }
  };
  const loadMapping = async (f: File) => {
    try {
      const m = JSON.parse(await f.text()) as { columns?: Record<string, string | string[]>; set?: Record<string, string> };
      setMap((cur) => ({ ...cur, ...Object.fromEntries(Object.entries(m.columns ?? {}).map(([h, v]) => [h, Array.isArray(v) ? v[0] : v])) }));
      setSet(m.set ?? {});
    } catch (e) {
      showError(e);
    }
  };
  const saveMapping = () => {
    const blob = new Blob([JSON.stringify(mappingFile(kind, map, set), null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `jindou-mapping-${kind}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  useEffect(() => {
    if (file && step === 1) void readPreview(file, kind).catch(showError);
  }, [kind]); // eslint-disable-line react-hooks/exhaustive-deps
  const missing = useMemo(
    () => (header ? columns.filter((c) => c.required && !Object.values(map).includes(c.name) && !set[c.name]?.trim()).map((c) => c.name) : []),
    [header, map, set, columns],
  );

  const polling = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (polling.current) window.clearTimeout(polling.current);
    },
    [],
  );
  const start = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const headers: Record<string, string> = { "content-type": FILE_TYPE[format] };
      headers["x-import-map"] = encodeURIComponent(JSON.stringify(mappingFile(kind, map, set)));
      const { runId } = await api.post<{ runId: number }>(
        `/import/${kind}?${new URLSearchParams({ format, fileName: file.name, ...(dryRun ? { dryRun: "1" } : {}) })}`,
        undefined,
        { headers, rawBody: file },
      );
      const poll = async () => {
        const r = await api.get<Run>(`/import/runs/${runId}`);
        if (dryRun) setDry(r);
        else setRun(r);
        if (r.status === "running") polling.current = window.setTimeout(() => void poll().catch(showError), 400);
        else {
          setBusy(false);
          setStep(dryRun ? 2 : 3);
        }
      };
      await poll();
    } catch (e) {
      setBusy(false);
      showError(e);
    }
  };
  const errorTable = (r: Run) => (
    <Table
      size="small"
      rowKey={(e) => `${e.row}-${e.column}-${e.reason}`}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={r.errors}
      data-testid="import-errors"
      columns={[
        { title: t("imp.row"), dataIndex: "row", width: 70 },
        { title: t("imp.column"), dataIndex: "column", width: 180, render: (v: string | null) => v ?? "—" },
        { title: t("imp.reason"), dataIndex: "reason" },
      ]}
    />
  );
  const summary = (r: Run) => t("imp.summary", { total: r.processed || r.total, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged });
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t("imp.title")}
      </Typography.Title>
      <Steps
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: t("imp.upload") }, { title: t("imp.map") }, { title: t("imp.dryRun") }, { title: t("imp.done") }]}
      />
      <Card size="small">
        {step === 0 && (
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Space wrap>
              <span>{t("imp.kind")}</span>
              <Select
                value={kind}
                onChange={setKind}
                aria-label={t("imp.kind")}
                style={{ width: 160 }}
                data-testid="import-kind"
                options={WIZARD_KINDS.map((k) => ({ value: k, label: t(`imp.kind.${k}` as MessageKey) }))}
              />
              <a href={`/api/v1/import/templates/${kind}.xlsx`} data-testid="import-template">
                {t("imp2.templates")}
              </a>
              <a href={downloadUrl(`/export/${kind}`, { format: "xlsx" })} download data-testid="import-export">
                {t("imp2.exportKind")}
              </a>
            </Space>
            <Upload.Dragger
              accept=".csv,.xlsx,.txt"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                void choose(f);
                return false;
              }}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p>{t("imp.drop")}</p>
              <p className="jd-muted">
                {columns
                  .filter((c) => c.required)
                  .map((c) => `${c.aliases[0] ?? c.name}*`)
                  .join(" · ")}
              </p>
            </Upload.Dragger>
          </Space>
        )}
        {step === 1 && (
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Space wrap>
              <Tag>{t(`imp.kind.${kind}` as MessageKey)}</Tag> {file?.name}
              {preview?.encoding && (
                <Tag color="blue" data-testid="import-encoding">
                  {t("imp2.encoding")}: {preview.encoding}
                </Tag>
              )}
              {preview?.delimiter && (
                <Tag>
                  {t("imp2.delimiter")}: {preview.delimiter}
                </Tag>
              )}
              <Select
                value={kind}
                onChange={setKind}
                aria-label={t("imp.kind")}
                style={{ width: 140 }}
                options={WIZARD_KINDS.map((k) => ({ value: k, label: t(`imp.kind.${k}` as MessageKey) }))}
              />
            </Space>
            {header && header.length > 0 ? (
              <Table
                size="small"
                rowKey="h"
                pagination={false}
                dataSource={header.map((h) => ({ h }))}
                data-testid="import-map"
                columns={[
                  { title: t("imp.column"), dataIndex: "h" },
                  {
                    title: t("imp.field"),
                    key: "f",
                    render: (_: unknown, r) => (
                      <Select
                        value={map[r.h] ?? "-"}
                        style={{ width: 240 }}
                        onChange={(v) => setMap({ ...map, [r.h]: v })}
                        aria-label={r.h}
                        options={[
                          { value: "-", label: t("imp.ignore") },
                          ...columns.map((c) => ({ value: c.name, label: `${c.name}${c.required ? " *" : ""} ${c.aliases[0] ? `(${c.aliases[0]})` : ""}` })),
                        ]}
                      />
                    ),
                  },
                ]}
              />
            ) : (
              <Alert type="info" showIcon title="XLSX" description={columns.map((c) => c.name).join(", ")} />
            )}
            <Space wrap data-testid="import-set">
              <span>{t("imp2.constants")}</span>
              {columns
                .filter((c) => ["pipeline", "source", "lost_reason", "title", "created_at", "owner_email"].includes(c.name))
                .map((c) => (
                  <Input
                    key={c.name}
                    size="small"
                    style={{ width: 200 }}
                    placeholder={c.name === "title" ? "{account} – {product}" : c.name}
                    addonBefore={c.name}
                    value={set[c.name] ?? ""}
                    onChange={(e) => setSet({ ...set, [c.name]: e.target.value })}
                    aria-label={`set ${c.name}`}
                  />
                ))}
            </Space>
            <Space>
              <Button size="small" onClick={saveMapping} data-testid="import-save-mapping">
                {t("imp2.saveMapping")}
              </Button>
              <Upload
                accept=".json"
                showUploadList={false}
                beforeUpload={(f) => {
                  void loadMapping(f);
                  return false;
                }}
              >
                <Button size="small">{t("imp2.loadMapping")}</Button>
              </Upload>
            </Space>
            {missing.length > 0 && <Alert type="warning" showIcon title={`${missing.join(", ")} *`} />}
            <Space>
              <Button onClick={() => setStep(0)}>{t("common.back")}</Button>
              <Button type="primary" loading={busy} onClick={() => void start(true)} data-testid="import-dry-run">
                {t("imp.dryRun")}
              </Button>
            </Space>
          </Space>
        )}
        {step === 2 && dry && (
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Alert
              type={dry.errors.length ? "error" : "success"}
              showIcon
              data-testid="dry-run-result"
              title={dry.errors.length ? `${t("imp.errors")}: ${dry.errorCount ?? dry.errors.length}` : t("imp.noErrors")}
              description={summary(dry)}
            />
            {dry.errors.length > 0 && errorTable(dry)}
            {dry.errors.length > 0 && (
              <a href={`/api/v1/import/runs/${dry.id}/errors.csv`} data-testid="import-errors-csv">
                {t("imp2.errorsCsv")}
              </a>
            )}
            <Space>
              <Button onClick={() => setStep(dry.errors.length ? 0 : 1)}>{t("common.back")}</Button>
              <Button type="primary" disabled={dry.errors.length > 0} loading={busy} onClick={() => void start(false)} data-testid="import-run">
                {t("imp.import")}
              </Button>
            </Space>
            {busy && run && <Progress aria-label={t("imp.title")} percent={run.total ? Math.round((run.processed / run.total) * 100) : 0} />}
          </Space>
        )}
        {step === 3 && run && (
          <Result
            status={run.status === "done" ? "success" : "error"}
            title={run.status === "done" ? t("imp.done") : t("imp.errors")}
            subTitle={summary(run)}
            extra={
              <Button
                onClick={() => {
                  setStep(0);
                  setFile(null);
                  setDry(null);
                  setRun(null);
                }}
              >
                {t("imp.upload")}
              </Button>
            }
          >
            {run.errors.length > 0 && errorTable(run)}
          </Result>
        )}
        {busy && step < 2 && <Progress aria-label={t("imp.title")} percent={dry?.total ? Math.round((dry.processed / dry.total) * 100) : 50} status="active" />}
      </Card>
    </div>
  );
}
