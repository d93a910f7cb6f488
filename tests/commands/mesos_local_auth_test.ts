/**
 * `k8sm mesos-local` authentication flags: Basic authentication without --credentials and a
 * malformed credentials file are one clear line with exit code 2; with a legacy text
 * credentials file, --authenticate-frameworks and --authenticate-http-readonly the running
 * master refuses requests without the credentials (401) and accepts them with.
 */
import assert from "node:assert/strict";
import { runK8sm } from "./cli_runner.ts";
import { CLI } from "../_helpers/k8sm_child.ts";
import { waitFor } from "../../core/util/wait.ts";
import { basicAuthorization } from "../../core/mesos/master_url.ts";
import { post, subscribeCall } from "../_helpers/raw_mesos_stream.ts";

Deno.test("mesos-local refuses Basic authentication without usable credentials", async () => {
  const none = await runK8sm(["mesos-local", "--port=0", "--authenticate-frameworks"]);
  assert.equal(none.code, 2);
  assert.match(
    none.stderr,
    /k8sm mesos-local: --authenticate-frameworks need credentials to check: pass --credentials=FILE/,
  );
  const dir = await Deno.makeTempDir({ prefix: "k8sm-mesos-auth-" });
  try {
    await Deno.writeTextFile(`${dir}/creds`, "k8sm s3cret\nops\n");
    const bad = await runK8sm([
      "mesos-local",
      "--port=0",
      "--authenticate-http-readonly",
      `--credentials=${dir}/creds`,
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, new RegExp(`Credentials file ${dir}/creds, line 2: expected`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** `k8sm mesos-local <args>` with its stdout collected; interrupt() sends SIGINT and waits. */
function spawnMesosLocal(args: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "mesos-local", ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let out = "";
  const pump = (async () => {
    for await (const t of child.stdout.pipeThrough(new TextDecoderStream())) out += t;
  })();
  return {
    stdout: () => out,
    async interrupt(): Promise<number> {
      child.kill("SIGINT");
      const status = await child.status;
      await pump;
      return status.code;
    },
  };
}

Deno.test("mesos-local with credentials authenticates frameworks and /state", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-mesos-auth-" });
  await Deno.writeTextFile(`${dir}/creds`, "k8sm s3cret\n");
  const child = spawnMesosLocal([
    "--port=0",
    "--agents=1",
    "--authenticate-frameworks",
    "--authenticate-http-readonly",
    `--credentials=${dir}/creds`,
  ]);
  const right = { Authorization: basicAuthorization({ principal: "k8sm", secret: "s3cret" }) };
  try {
    const url = await waitFor(
      () => /^master \S+ listening on (http:\/\/\S+)$/m.exec(child.stdout())?.[1],
      { what: "mesos-local to listen", timeoutMs: 30_000 },
    );
    await waitFor(() => child.stdout().includes("authenticating frameworks, http-readonly"), {
      what: "the authentication line",
    });
    const anonymous = await fetch(`${url}/state`);
    await anonymous.body?.cancel();
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get("www-authenticate"), 'Basic realm="mesos-master-readonly"');
    const state = await fetch(`${url}/state`, { headers: right });
    assert.equal(state.status, 200);
    assert.equal((await state.json()).slaves.length, 1);
    const json = { "Content-Type": "application/json", Accept: "application/json" };
    const sub = await post(`${url}/api/v1/scheduler`, subscribeCall(), json);
    assert.equal(sub.status, 401);
    assert.equal((await fetch(`${url}/health`)).status, 200);
  } finally {
    assert.equal(await child.interrupt(), 0);
    await Deno.remove(dir, { recursive: true });
  }
});
