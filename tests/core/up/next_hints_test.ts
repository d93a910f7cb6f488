import assert from "node:assert/strict";
import { checkoutDir, nextHints } from "../../../core/up/next_hints.ts";

const base = { apiUrl: "http://127.0.0.1:8080", kubeconfig: "/home/u/.k8sm/kubeconfig" };

Deno.test("nextHints: inside the checkout the wrapper and examples are relative paths", () => {
  const hints = nextHints({ ...base, runtime: "process", cwd: "/src/k8sm", checkout: "/src/k8sm" });
  assert.deepEqual(hints, [
    "export KUBECONFIG=/home/u/.k8sm/kubeconfig",
    "./k8sm create -f ./examples/process/nginx-controller.yaml",
    "./k8sm create -f ./examples/process/nginx-service.yaml",
    "./k8sm get pods,rc,services,endpoints",
    "kubectl get pods -o wide",
  ]);
});

Deno.test("nextHints: elsewhere they are absolute; Docker uses examples/", () => {
  const hints = nextHints({ ...base, runtime: "docker", cwd: "/tmp", checkout: "/src/k8sm" });
  assert.equal(hints[1], "/src/k8sm/k8sm create -f /src/k8sm/examples/nginx-controller.yaml");
});

Deno.test("nextHints: this checkout's wrapper runs the printed command", async () => {
  const checkout = checkoutDir();
  assert.ok(checkout, "the repository holds the ./k8sm wrapper");
  const cwd = await Deno.makeTempDir();
  try {
    const hint = nextHints({ ...base, runtime: "process", cwd })[3];
    const [cmd, ...args] = hint.split(" ");
    const out = await new Deno.Command(cmd, {
      args: [...args, "--help"],
      cwd,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.match(new TextDecoder().decode(out.stdout), /Usage: k8sm get/);
    assert.equal(stderr, "", "the wrapper prints nothing of its own");
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
