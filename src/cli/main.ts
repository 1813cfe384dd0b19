/** The `jindou` command line entry (compiled to dist/cli/main.js): builds the program lazily and runs it. */
import { buildProgram } from "./commands";

buildProgram(process.argv)
  .then((program) => program.parseAsync(process.argv))
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
