/** The lazy command table says the same names and descriptions as the modules it loads, and --help needs none of them. */
import { Command } from "commander";
import { describe, expect, test } from "vitest";
import { buildProgram, commands } from "./commands";

describe("lazy command table", () => {
  test("each entry's module registers exactly the names and descriptions the table lists", async () => {
    for (const c of commands) {
      const p = new Command("jindou");
      (await c.load())(p);
      expect(p.commands.map((x) => x.name())).toEqual(c.names);
      expect(p.commands.map((x) => x.description())).toEqual(c.descriptions);
    }
  });

  test("without a command every name is listed; naming one loads only that one with its options", async () => {
    const all = await buildProgram(["node", "jindou", "--help"]);
    expect(all.commands.map((x) => x.name())).toEqual(commands.flatMap((c) => c.names));
    expect(all.commands.every((x) => x.options.length === 0)).toBe(true);
    const serve = await buildProgram(["node", "jindou", "serve", "--port", "1"]);
    expect(serve.commands.map((x) => x.name())).toEqual(["serve"]);
    expect(serve.commands[0].options.map((o) => o.long)).toContain("--demo-if-empty");
  });
});
