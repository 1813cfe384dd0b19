/** `jindou migrate | backup | restore | user add | token create`: operating commands. */
import type { Command } from "commander";
import { backup, restore } from "../backup/backup";
import { migrate } from "../db/migrate";
import { nextStep } from "../init/state-store";
import { installDefaults } from "../pipelines/install";
import { createApiToken } from "../http/auth";
import { hashPassword } from "../users/password";
import { passwordProblem } from "../users/password-policy";
import { openForCli } from "./context";
import { offboardCommand } from "../pools/cli";

export function adminCommands(program: Command): void {
  program
    .command("migrate")
    .description("apply database migrations")
    .option("--database <url>")
    .action(async (o: { database?: string }) => {
      const { handle } = await openForCli(o.database);
      const r = await migrate(handle.db);
      const installed = await installDefaults(handle.db, Date.now());
      console.log(
        `migrations up to date on ${handle.kind} (${r.results?.length ?? 0} applied now)${installed.length ? `; pipeline templates installed: ${installed.join(", ")}` : ""}`,
      );
      const next = await nextStep(handle.db);
      if (next) console.log(next);
      await handle.close();
    });

  program
    .command("backup")
    .description("write a consistent copy of the database (safe while the server runs)")
    .requiredOption("--out <file>", "backup file, e.g. jindou-2026-11-23.jsonl.gz")
    .option("--database <url>")
    .action(async (o: { out: string; database?: string }) => {
      const { handle } = await openForCli(o.database);
      const counts = await backup(handle.db, o.out);
      console.log(`backup written to ${o.out}: ${Object.values(counts).reduce((a, b) => a + b, 0)} rows in ${Object.keys(counts).length} tables`);
      await handle.close();
    });

  program
    .command("restore <file>")
    .description("restore a backup into a new (empty) database, SQLite or PostgreSQL")
    .option("--database <url>")
    .option("--force", "empty a non-empty database first")
    .action(async (file: string, o: { database?: string; force?: boolean }) => {
      const { handle } = await openForCli(o.database);
      try {
        const counts = await restore(handle.db, file, {
          force: o.force,
          onCleaned: (table, n) => console.warn(`${table}: removed NUL characters from ${n} value(s) (PostgreSQL cannot store them)`),
        });
        console.log(`restored ${Object.values(counts).reduce((a, b) => a + b, 0)} rows into ${handle.kind}`);
      } catch (e) {
        console.error(`restore failed, nothing changed: ${(e as Error).message}`);
        process.exitCode = 1;
      } finally {
        await handle.close();
      }
    });

  const user = program.command("user").description("manage users");
  offboardCommand(user);
  user
    .command("add")
    .description("create a user")
    .requiredOption("--email <email>")
    .requiredOption("--name <name>")
    .requiredOption("--role <role>", "admin | manager | rep")
    .requiredOption("--password <password>")
    .option("--team <name>", "team name (created if new)")
    .option("--database <url>")
    .action(async (o: { email: string; name: string; role: string; password: string; team?: string; database?: string }) => {
      if (!["admin", "manager", "rep"].includes(o.role)) {
        console.error("--role must be admin, manager or rep");
        process.exitCode = 1;
        return;
      }
      const problem = passwordProblem(o.password, { email: o.email, name: o.name });
      if (problem) {
        console.error(`--password: ${problem}`);
        process.exitCode = 1;
        return;
      }
      const { handle } = await openForCli(o.database);
      const now = Date.now();
      let teamId: number | null = null;
      if (o.team) {
        const t = await handle.db.selectFrom("teams").select("id").where("name", "=", o.team).executeTakeFirst();
        teamId =
          t?.id ??
          (await handle.db.insertInto("teams").values({ name: o.team, manager_id: null, created_at: now }).returning("id").executeTakeFirstOrThrow()).id;
      }
      const email = o.email.trim().toLowerCase();
      if (await handle.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()) {
        console.error(`${email} already has an account`);
        process.exitCode = 1;
        await handle.close();
        return;
      }
      const { id } = await handle.db
        .insertInto("users")
        .values({
          email,
          name: o.name,
          role: o.role as "rep",
          team_id: teamId,
          password_hash: await hashPassword(o.password),
          locale: "zh-CN",
          active: 1,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (teamId && o.role === "manager")
        await handle.db.updateTable("teams").set({ manager_id: id }).where("id", "=", teamId).where("manager_id", "is", null).execute();
      console.log(`user #${id} ${email} (${o.role}) created`);
      await handle.close();
    });

  program
    .command("token")
    .description("issue an API token for scripts")
    .command("create")
    .requiredOption("--email <email>")
    .option("--name <name>", "what the token is for", "cli")
    .option("--database <url>")
    .action(async (o: { email: string; name: string; database?: string }) => {
      const { handle } = await openForCli(o.database);
      const u = await handle.db.selectFrom("users").select("id").where("email", "=", o.email.toLowerCase()).executeTakeFirst();
      if (!u) {
        console.error(`no user ${o.email}`);
        process.exitCode = 1;
      } else console.log(await createApiToken(handle.db, u.id, o.name, Date.now()));
      await handle.close();
    });
}
