import assert from "node:assert/strict";
import { apiPortFor, rememberApiPort } from "../../../core/up/api_port.ts";

Deno.test("--port 0 takes the remembered port again while it is free, else any port", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(await apiPortFor(dir, "127.0.0.1", 0), 0, "nothing remembered yet");
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (probe.addr as Deno.NetAddr).port;
    await rememberApiPort(dir, 0, port);
    assert.equal(await apiPortFor(dir, "127.0.0.1", 0), 0, "remembered but busy: a new free port");
    probe.close();
    assert.equal(await apiPortFor(dir, "127.0.0.1", 0), port, "remembered and free: the same");
    assert.equal(await apiPortFor(dir, "127.0.0.1", 6443), 6443, "an explicit port is kept");
    await rememberApiPort(dir, 6443, 1234);
    assert.equal(await apiPortFor(dir, "127.0.0.1", 0), port, "explicit ports are not remembered");
    await Deno.writeTextFile(`${dir}/api-port`, "not a port\n");
    assert.equal(await apiPortFor(dir, "127.0.0.1", 0), 0, "a damaged file is ignored");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
