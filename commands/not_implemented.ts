import { Command } from "commander";

/** A placeholder subcommand for work not landed yet: prints so and exits 2. */
export function notImplementedCommand(name: string, summary: string): Command {
  return new Command(name)
    .description(`${summary} (not implemented yet)`)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      console.error(`k8sm ${name}: not implemented yet`);
      Deno.exit(2);
    });
}
