import assert from "node:assert/strict";
import { Command } from "commander";
import { addClientFlags, clientConfigFrom } from "../../cli/client_flags.ts";
import type { ClientConfig } from "../../core/client/client_config.ts";

/** Parses argv through a program with a global -s (as cli/program.ts has) and a client subcommand. */
async function configFor(argv: string[]): Promise<ClientConfig> {
  let config: ClientConfig | undefined;
  const program = new Command("k8sm").option("-s, --server <url>").exitOverride();
  const sub = addClientFlags(new Command("get")).argument("[type]").action(
    (_t, _o, self: Command) => {
      config = clientConfigFrom(self);
    },
  );
  program.addCommand(sub);
  await program.parseAsync(argv, { from: "user" });
  assert.ok(config);
  return config;
}

Deno.test("client flags: -s before or after the subcommand, -n and --token", async () => {
  const saved = Deno.env.get("KUBERNETES_MASTER");
  Deno.env.delete("KUBERNETES_MASTER");
  try {
    const before = await configFor(["-s", "h1:8888", "get", "pods", "--kubeconfig", "/dev/null"]);
    assert.equal(before.server, "http://h1:8888");
    const after = await configFor([
      "get",
      "pods",
      "-s",
      "http://h2:1",
      "-n=team",
      "--token",
      "t",
      "--kubeconfig",
      "/dev/null",
    ]);
    assert.equal(after.server, "http://h2:1");
    assert.equal(after.namespace, "team");
    assert.equal(after.token, "t");
  } finally {
    if (saved !== undefined) Deno.env.set("KUBERNETES_MASTER", saved);
  }
});
