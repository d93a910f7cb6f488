/**
 * An informer whose credentials the apiserver refuses logs one clear warning (not one per
 * retry), and warns again only after a success in between.
 */
import assert from "node:assert/strict";
import { startApiServer } from "../../../core/apiserver/serve_api.ts";
import { Informer } from "../../../core/client/informer.ts";
import { RestClient } from "../../../core/client/rest_client.ts";
import type { Logger } from "../../../core/util/log.ts";
import { waitFor } from "../../../core/util/wait.ts";

/** A logger keeping warnings and verbose lines. */
function recorder(): Logger & { warns: string[]; verbose: string[] } {
  const warns: string[] = [];
  const verbose: string[] = [];
  return {
    warns,
    verbose,
    info: () => {},
    warn: (m) => warns.push(m),
    error: (m) => warns.push(m),
    v: (_level, m) => verbose.push(m),
  };
}

Deno.test("informer: a 401 is one warning naming the server and the flags, repeated only after a success", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-informer-auth-" });
  await Deno.writeTextFile(`${dir}/tokens.csv`, 's3cret,admin,uid-1,"system:masters"\n');
  await Deno.writeTextFile(`${dir}/token`, "wrong\n");
  const server = await startApiServer({
    address: "127.0.0.1",
    port: 0,
    storage: "memory",
    tokenAuthFile: `${dir}/tokens.csv`,
  });
  const client = new RestClient({ server: server.url, tokenFile: `${dir}/token` });
  const log = recorder();
  const informer = new Informer(client, {
    ref: { resource: "pods" },
    backoffInitialMs: 5,
    backoffMaxMs: 20,
    watchTimeoutSeconds: 1,
    log,
  });
  const refused = (m: string) => m.includes("refused our credentials");
  try {
    informer.start();
    await waitFor(() => log.verbose.filter((m) => m.includes("failed again")).length >= 5, {
      what: "five refused retries",
    });
    assert.deepEqual(log.warns, [
      `the API server ${server.url} refused our credentials (401 Unauthorized): check ` +
      "--kubeconfig/--token/--client-certificate; retrying",
    ]);

    await Deno.writeTextFile(`${dir}/token`, "s3cret\n");
    await informer.waitForSync();
    await Deno.writeTextFile(`${dir}/token`, "wrong-again-after-rotation\n");
    await waitFor(() => log.warns.filter(refused).length === 2, {
      timeoutMs: 20_000,
      what: "a second warning once the watch reconnects with a refused token",
    });
    assert.equal(log.warns.length, 2, log.warns.join("\n"));
  } finally {
    await informer.stop();
    client.close();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
