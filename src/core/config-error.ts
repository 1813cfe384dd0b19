/** Configuration errors that name the variable and the fix, and the check of DATABASE_URL's form. Pure. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = "ConfigError";
  }
}

/** null when the value is a database location Jindou understands, else what to write instead. */
export function databaseUrlProblem(url: string): string | null {
  if (/^postgres(ql)?:\/\/[^/\s]+/.test(url)) {
    try {
      new URL(url);
      return null;
    } catch {
      return `"${redact(url)}" is not a valid URL; use postgres://user:password@host:5432/database`;
    }
  }
  if (/^sqlite:./.test(url) || url === ":memory:" || /[\\/]/.test(url) || /\.(db|sqlite3?)$/i.test(url)) return null;
  return `"${redact(url)}" is not a database URL; use postgres://user:password@host:5432/database for PostgreSQL, sqlite:path/to/file.db (or a path ending in .db) for SQLite, or leave it empty to use DATA_DIR/jindou.db`;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@\s]+):[^@\s]*@/, "$1:***@");
}
