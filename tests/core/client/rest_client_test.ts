import assert from "node:assert/strict";
import { ServerUnreachableError } from "../../../core/client/client_errors.ts";
import { RestClient } from "../../../core/client/rest_client.ts";

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("rest client: an unreachable server names the URL and how to point k8sm elsewhere", async () => {
  const server = `http://127.0.0.1:${closedPort()}`;
  const client = new RestClient({ server });
  await assert.rejects(
    () => client.list({ resource: "pods", namespace: "default" }),
    (e: unknown) => {
      assert.ok(e instanceof ServerUnreachableError);
      assert.equal(
        e.message,
        `cannot reach the API server at ${server} (connection refused); start one with "k8sm up" or point ` +
          `k8sm at another with --server, KUBERNETES_MASTER or a kubeconfig`,
      );
      return true;
    },
  );
});
