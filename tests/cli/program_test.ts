import assert from "node:assert/strict";
import { buildProgram } from "../../cli/program.ts";

Deno.test("k8sm --help groups the components apart from the client commands", () => {
  const help = buildProgram().helpInformation();
  const components = help.indexOf("Components (long-running):");
  const clients = help.indexOf("Client commands (talk to the API server):");
  assert.ok(components > 0 && clients > components, help);
  const section = (from: number, to: number) => help.slice(from, to);
  assert.match(section(components, clients), /\n {2}apiserver .*\n[\s\S]*\n {2}up /);
  assert.match(section(clients, help.length), /\n {2}create [\s\S]*\n {2}scale /);
  assert.doesNotMatch(section(clients, help.length), /\n {2}apiserver /);
});

Deno.test("an unknown command is one error line with a hint, not the whole help", async () => {
  const program = buildProgram().exitOverride();
  let stderr = "";
  program.configureOutput({ writeErr: (s) => stderr += s, writeOut: () => {} });
  await assert.rejects(program.parseAsync(["gte", "pods"], { from: "user" }));
  assert.equal(
    stderr,
    "error: unknown command 'gte'\n(Did you mean get?)\n" +
      "(run k8sm --help for the commands, k8sm COMMAND --help for one)\n",
  );
});

Deno.test("k8sm --help names the workload kinds for controller-manager, get, describe and scale", () => {
  const program = buildProgram();
  const help = program.helpInformation();
  assert.doesNotMatch(help, /replication and endpoints controllers/);
  const line = (name: string) => help.split("\n").find((l) => l.startsWith(`  ${name} `)) ?? "";
  assert.match(line("controller-manager"), /deployments, daemonsets, statefulsets, jobs/);
  for (const name of ["get", "describe", "scale"]) {
    const sub = program.commands.find((c) => c.name() === name);
    assert.match(sub?.helpInformation() ?? "", /deploy/, `k8sm ${name} --help`);
  }
});
