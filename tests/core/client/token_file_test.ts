/**
 * tokenFile: the RestClient sends the file's token, reads the file again when it is rewritten
 * (credential rotation), and keeps the last token while the file is briefly missing.
 */
import assert from "node:assert/strict";
import { RestClient } from "../../../core/client/rest_client.ts";
import { TokenFile } from "../../../core/client/token_file.ts";

Deno.test("token file: a rotated token is sent on the next request; a missing file keeps the last one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-token-" });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) => Response.json({ auth: req.headers.get("authorization") ?? "" }),
  );
  const client = new RestClient({
    server: `http://127.0.0.1:${server.addr.port}`,
    tokenFile: `${dir}/token`,
  });
  const auth = async () => (await client.requestJson<{ auth: string }>("GET", "/")).auth;
  try {
    await Deno.writeTextFile(`${dir}/token`, "first\n");
    assert.equal(await auth(), "Bearer first");
    await Deno.writeTextFile(`${dir}/token.new`, "second-and-longer\n");
    await Deno.rename(`${dir}/token.new`, `${dir}/token`);
    assert.equal(await auth(), "Bearer second-and-longer");
    await Deno.remove(`${dir}/token`);
    assert.equal(await auth(), "Bearer second-and-longer");
  } finally {
    client.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("token file: a file that was never readable is an error naming it", () => {
  const tf = new TokenFile("/nonexistent/k8sm/token");
  assert.throws(
    () => tf.read(),
    /cannot read the bearer token file \/nonexistent\/k8sm\/token \(.+\); check the tokenFile/,
  );
  assert.equal(new TokenFile("/nonexistent/k8sm/token", "initial").read(), "initial");
});
