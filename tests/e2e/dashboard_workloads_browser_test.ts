/**
 * The dashboard's workloads view in a real browser (headless Chromium) against a real `k8sm up`
 * (process runtime), signed in as cluster-admin: scaling an RC (its pods follow), restarting a
 * Deployment's rollout, and every workload kind appearing live over its own watch WebSocket
 * (7 at once). Screenshots land in SCREENSHOT_DIR.
 */
import assert from "node:assert/strict";
import { requires } from "../_helpers/requirements.ts";
import {
  clickWhenThere,
  createSleepers,
  go,
  screenshot,
  SCREENSHOT_DIR,
  waitInPage,
  writeWorkloadKindsManifest,
} from "../_helpers/dashboard_browser.ts";
import { kubectl, startDashboard, stopDashboard } from "../_helpers/dashboard_session.ts";

const need = requires("kubectl", "chromium");

// The DOM names the page-side functions below use (they run in Chromium, not in Deno). They
// stay in this module: declared in a shared one, they would clash with Deno's own globals.
interface PageElement {
  textContent: string | null;
  dataset: Record<string, string | undefined>;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): PageElement[];
};

Deno.test({
  name: "dashboard workloads: scaling an RC (its pods follow), restarting a Deployment's " +
    "rollout, and a StatefulSet, DaemonSet, CronJob and Job from kubectl appearing live with " +
    "all 7 kinds watched at once",
  ...need,
  ignore: need.ignore || Deno.uid() !== 0,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const session = await startDashboard();
    const { up, client, page, errors } = session;
    try {
      await t.step(
        "workloads view: scaling an RC (its pods follow) and restarting a Deployment's rollout",
        async () => {
          await createSleepers(client, "replicationcontrollers", "sleeper");
          await go(page, "#/workloads");
          const dialogs = (d: { type(): string; accept(v?: string): Promise<void> }) =>
            d.type() === "prompt" ? d.accept("3") : d.accept();
          page.on("dialog", dialogs);
          await clickWhenThere(page, 'tr[data-name="sleeper"] button[data-action="scale"]');
          await waitInPage(
            page,
            "3/3 in the RC's progress",
            () =>
              document.querySelector('tr[data-name="sleeper"] .progress')?.textContent?.startsWith(
                "3/3",
              ),
            undefined,
          );
          page.off("dialog", dialogs);
          await screenshot(page, "workloads");
          // Restart a Deployment's rollout: a second ReplicaSet appears.
          await createSleepers(client, "deployments", "napper");
          const replicaSets = (n: number) =>
            waitInPage(
              page,
              `${n} ReplicaSet(s) of the Deployment`,
              (want) =>
                document.querySelectorAll('[data-kind="replicasets"] tr[data-name^="napper-"]')
                  .length === want,
              n,
            );
          await replicaSets(1);
          page.on("dialog", dialogs);
          await clickWhenThere(page, 'tr[data-name="napper"] button[data-action="restart"]');
          await replicaSets(2);
          page.off("dialog", dialogs);
          await go(page, "#/pods?label=app%3Dsleeper");
          await waitInPage(
            page,
            "3 sleeper pods listed",
            (p) =>
              [...document.querySelectorAll("a.vrow[data-pod]")].filter((r) =>
                r.dataset.pod!.startsWith(p)
              ).length === 3,
            "sleeper-",
          );
        },
      );

      await t.step(
        "workloads view: a StatefulSet, DaemonSet, CronJob and Job from kubectl appear live, " +
          "with all 7 kinds watched at once",
        async () => {
          // The page's WebSockets, as Chromium's DevTools protocol reports them.
          const cdp = await page.createCDPSession();
          const open = new Map<string, string>();
          cdp.on("Network.webSocketCreated", (e) => open.set(e.requestId, e.url));
          cdp.on("Network.webSocketClosed", (e) => open.delete(e.requestId));
          await cdp.send("Network.enable");
          await go(page, "#/workloads");
          await waitInPage(
            page,
            "all 7 workload sections loaded",
            () => {
              const s = [...document.querySelectorAll("section[data-kind]")];
              return s.length === 7 && s.every((x) => !x.textContent?.includes("Loading"));
            },
            undefined,
          );
          const manifest = await writeWorkloadKindsManifest();
          try {
            await kubectl(up, ["apply", "-f", manifest]);
          } finally {
            await Deno.remove(manifest);
          }
          // A fifth live watch: the RC scaled earlier goes back to one replica.
          await kubectl(up, ["scale", "rc", "sleeper", "--replicas=1"]);
          for (
            const [kind, name, progress] of [
              ["statefulsets", "keeper", "1/1 ready"],
              ["daemonsets", "watcher", "1/1 ready"],
              ["cronjobs", "nightly", "0 3 * * *: never run, 0 active"],
              ["jobs", "once", "1/1 succeeded"],
              ["replicationcontrollers", "sleeper", "1/1 ready"],
            ]
          ) {
            await waitInPage(
              page,
              `${kind}/${name} shown with "${progress}"`,
              ([k, n, p]) =>
                document.querySelector(`[data-kind="${k}"] tr[data-name="${n}"] .progress`)
                  ?.textContent?.startsWith(p),
              [kind, name, progress],
            );
          }
          const watches = [...open.values()].filter((u) => u.includes("watch=1"));
          assert.equal(watches.length, 7, `open watch WebSockets: ${watches.join(" ")}`);
          await cdp.detach();
          await screenshot(page, "workloads-kinds");
        },
      );

      assert.deepEqual(errors, []);
      console.log(`dashboard screenshots: ${SCREENSHOT_DIR}`);
    } finally {
      await stopDashboard(session);
    }
  },
});
