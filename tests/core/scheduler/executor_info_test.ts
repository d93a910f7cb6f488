import assert from "node:assert/strict";
import {
  buildExecutorInfo,
  CLI_MAIN_PATH,
  DEFAULT_EXECUTOR_SHARE,
  EXECUTOR_V8_FLAGS,
  executorArgv,
  shellQuote,
} from "../../../core/scheduler/executor_info.ts";

const base = { apiServers: "http://127.0.0.1:8080", share: DEFAULT_EXECUTOR_SHARE };

Deno.test("the default executor runs this CLI's `executor` with the flags it needs", () => {
  const argv = executorArgv({ ...base, containerRuntime: "process", verbosity: 2 });
  assert.deepEqual(argv.slice(0, 6), [
    Deno.execPath(),
    "run",
    "-A",
    `--v8-flags=${EXECUTOR_V8_FLAGS}`,
    CLI_MAIN_PATH,
    "executor",
  ]);
  assert.ok(argv.includes("--api-servers=http://127.0.0.1:8080"));
  assert.ok(argv.includes("--container-runtime=process"));
  assert.ok(argv.includes("--kubelet-port=0"));
  assert.ok(argv.includes("-v=2"));
  assert.deepEqual(executorArgv({ ...base, executorPath: "/opt/k8sm" }).slice(0, 2), [
    "/opt/k8sm",
    "executor",
  ]);
  assert.equal(executorArgv({ ...base, executorUri: "http://x/k8sm.tgz" })[0], "./k8sm");
});

Deno.test("executor ids hash command, flags and resources", () => {
  const a = buildExecutorInfo(base);
  assert.equal(a.executorId, buildExecutorInfo(base).executorId);
  assert.deepEqual(a.info, buildExecutorInfo(base).info);
  assert.notEqual(
    a.executorId,
    buildExecutorInfo({ ...base, containerRuntime: "process" }).executorId,
  );
  assert.notEqual(
    a.executorId,
    buildExecutorInfo({ ...base, share: { cpus: 0.5, memMb: 128 } }).executorId,
  );
  assert.equal(a.info.type, "CUSTOM");
  const uri = buildExecutorInfo({ ...base, executorUri: "http://x/k8sm" });
  assert.deepEqual((uri.info.command as { uris: unknown[] }).uris, [
    { value: "http://x/k8sm", executable: true },
  ]);
});

Deno.test("shell quoting keeps odd words intact", () => {
  assert.equal(shellQuote("--a=b"), "--a=b");
  assert.equal(shellQuote("it's here"), `'it'\\''s here'`);
});
