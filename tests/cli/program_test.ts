import assert from "node:assert/strict";
import { buildProgram, subcommandOf } from "../../cli/program.ts";

Deno.test("k8sm --help groups the components apart from the client commands", async () => {
  const help = (await buildProgram()).helpInformation();
  const components = help.indexOf("Components (long-running):");
  const clients = help.indexOf("Client commands (talk to the API server):");
  assert.ok(components > 0 && clients > components, help);
  const section = (from: number, to: number) => help.slice(from, to);
  assert.match(section(components, clients), /\n {2}apiserver .*\n[\s\S]*\n {2}up /);
  assert.match(section(clients, help.length), /\n {2}create [\s\S]*\n {2}scale /);
  assert.doesNotMatch(section(clients, help.length), /\n {2}apiserver /);
});

Deno.test("an unknown command is one error line with a hint, not the whole help", async () => {
  const program = (await buildProgram(["gte", "pods"])).exitOverride();
  let stderr = "";
  program.configureOutput({ writeErr: (s) => stderr += s, writeOut: () => {} });
  await assert.rejects(program.parseAsync(["gte", "pods"], { from: "user" }));
  assert.equal(
    stderr,
    "error: unknown command 'gte'\n(Did you mean get?)\n" +
      "(run k8sm --help for the commands, k8sm COMMAND --help for one)\n",
  );
});

Deno.test("k8sm --help names the workload kinds for controller-manager, get, describe and scale", async () => {
  const program = await buildProgram(["--help"]);
  const help = program.helpInformation();
  assert.doesNotMatch(help, /replication and endpoints controllers/);
  const line = (name: string) => help.split("\n").find((l) => l.startsWith(`  ${name} `)) ?? "";
  assert.match(line("controller-manager"), /deployments, daemonsets, statefulsets, jobs/);
  for (const name of ["get", "describe", "scale"]) {
    const sub = program.commands.find((c) => c.name() === name);
    assert.match(sub?.helpInformation() ?? "", /deploy/, `k8sm ${name} --help`);
  }
});

Deno.test("the subcommand is the first word that is not a root option or its value", async () => {
  const program = await buildProgram([]);
  assert.equal(subcommandOf(program, ["executor", "--root-dir", "/x"]), "executor");
  assert.equal(subcommandOf(program, ["-s", "http://127.0.0.1:8080", "get", "pods"]), "get");
  assert.equal(subcommandOf(program, ["--server=http://x", "--v", "2", "apiserver"]), "apiserver");
  assert.equal(subcommandOf(program, ["--logtostderr", "-c", "pod.yaml", "create"]), "create");
  assert.equal(subcommandOf(program, ["--help"]), undefined);
  assert.equal(subcommandOf(program, ["--", "get"]), undefined);
});

Deno.test("a known subcommand registers only itself; an unknown one or none registers all", async () => {
  const names = async (argv: string[]) =>
    (await buildProgram(argv)).commands.map((c) => c.name()).filter((n) => n !== "help");
  assert.deepEqual(await names(["--v=2", "executor", "--container-runtime=process"]), ["executor"]);
  assert.deepEqual(await names(["-s", "http://127.0.0.1:1", "get", "pods"]), ["get"]);
  const all = await names(["--help"]);
  assert.ok(all.length > 15 && all.includes("apiserver") && all.includes("version"), `${all}`);
  assert.deepEqual(await names(["gte"]), all);
  assert.deepEqual(await names([]), all);
});

Deno.test("cli/program.ts imports no command module statically (each is a dynamic import)", async () => {
  // `k8sm executor` (one process per agent) must not evaluate the apiserver, scheduler, etcd
  // client or client commands: program.ts reaches commands/ only through import().
  const main = new URL("../../cli/main.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", main],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.ok(out.success, "deno info cli/main.ts failed");
  const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string; dependencies?: { specifier: string; isDynamic?: boolean }[] }[];
  };
  const program = graph.modules.find((m) => m.specifier.endsWith("/cli/program.ts"));
  assert.ok(program, "cli/program.ts is not in the module graph of cli/main.ts");
  const commands = (program.dependencies ?? []).filter((d) => d.specifier.includes("/commands/"));
  assert.ok(commands.length > 15, `only ${commands.length} command modules found`);
  assert.deepEqual(commands.filter((d) => !d.isDynamic).map((d) => d.specifier), []);
});
