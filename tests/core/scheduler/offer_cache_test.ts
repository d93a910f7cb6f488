import assert from "node:assert/strict";
import {
  type MesosOffer,
  offerAttributes,
  OfferCache,
} from "../../../core/scheduler/offer_cache.ts";

const offer = (id: string, agent: string): MesosOffer => ({
  id: { value: id },
  agent_id: { value: agent },
  hostname: agent,
  attributes: [
    { name: "rack", type: "TEXT", text: { value: "r1" } },
    { name: "gen", type: "SCALAR", scalar: { value: 3 } },
    { name: "disks", type: "SET", set: { item: ["a", "b"] } },
  ],
});

Deno.test("offers group by agent, expire after the TTL, and rescinds remove them", () => {
  const c = new OfferCache();
  c.add(offer("o1", "a"), 0);
  c.add(offer("o2", "a"), 500);
  c.add(offer("o3", "b"), 900);
  assert.deepEqual([...c.byAgent().keys()], ["a", "b"]);
  assert.equal(c.byAgent().get("a")?.length, 2);
  assert.deepEqual(c.takeExpired(1000, 1200).map((x) => x.offer.id.value), ["o1"]);
  assert.equal(c.rescind("o2"), true);
  assert.equal(c.rescind("o2"), false);
  assert.deepEqual(c.take(["o3", "nope"]).map((x) => x.offer.id.value), ["o3"]);
  assert.equal(c.size, 0);
});

Deno.test("attributes read as text", () => {
  assert.deepEqual(offerAttributes(offer("o", "a")), { rack: "r1", gen: "3", disks: "{a,b}" });
});
