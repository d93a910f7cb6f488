/**
 * `--proxy-mode` resolution: auto picks iptables exactly when iptables is usable (root and a
 * working nat table), else userspace with the note on how services are reached; explicit modes
 * are kept; bad values are refused naming the value; per-cluster nat chains are stable, distinct
 * and short enough for iptables.
 */
import assert from "node:assert/strict";
import {
  iptablesUsable,
  parseProxyModeFlag,
  portalChainFor,
  resolveProxyMode,
  USERSPACE_CLUSTER_IP_NOTE,
} from "../../../core/proxy/proxy_mode.ts";

Deno.test("auto is iptables when iptables is usable and userspace with a note otherwise", async () => {
  const withIptables = await resolveProxyMode("auto", () => Promise.resolve(true));
  assert.equal(withIptables.mode, "iptables");
  assert.match(withIptables.note, /clusterIP:port is redirected/);
  const without = await resolveProxyMode("auto", () => Promise.resolve(false));
  assert.equal(without.mode, "userspace");
  assert.ok(without.note.startsWith(USERSPACE_CLUSTER_IP_NOTE));
  assert.match(without.note, /services\/NAME:PORT\/proxy/);
});

Deno.test("explicit modes are kept whatever iptables can do", async () => {
  const never = () => Promise.reject(new Error("must not probe"));
  assert.equal((await resolveProxyMode("userspace", never)).mode, "userspace");
  assert.equal((await resolveProxyMode("iptables", never)).mode, "iptables");
});

Deno.test("the iptables probe is false for non-root users and matches a real nat listing", async () => {
  const usable = await iptablesUsable();
  if (Deno.uid() !== 0) {
    assert.equal(usable, false);
    return;
  }
  const real = await new Deno.Command("iptables", {
    args: ["-w", "-t", "nat", "-S", "OUTPUT"],
    stdout: "null",
    stderr: "null",
  }).output().then((o) => o.success, () => false);
  assert.equal(usable, real);
});

Deno.test("--proxy-mode values other than auto, userspace and iptables are refused", () => {
  assert.equal(parseProxyModeFlag("auto"), "auto");
  assert.throws(() => parseProxyModeFlag("ipvs"), /--proxy-mode "ipvs" is not auto/);
});

Deno.test("each cluster gets its own stable nat chain of at most 28 characters", async () => {
  const a = await portalChainFor("/var/lib/k8sm-a");
  assert.equal(a, await portalChainFor("/var/lib/k8sm-a"));
  assert.notEqual(a, await portalChainFor("/var/lib/k8sm-b"));
  assert.ok(a.length <= 28, a);
  assert.match(a, /^K8SM-PORTALS-[0-9A-F]{8}$/);
});
