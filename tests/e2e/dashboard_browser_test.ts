/**
 * The dashboard in a real browser (headless Chromium) against a real `k8sm up` (process
 * runtime): sign-in through the link `up` prints, the agent's resource bars, a pod appearing
 * from the watch, its logs following, a shell running `echo hi`, scaling an RC, every workload
 * kind appearing live over its own watch WebSocket (7 at once), a `view` user
 * without controls whose forged delete is refused (403), and a 1,000-pod list (its render and
 * scroll figures are printed, not asserted). Screenshots land in SCREENSHOT_DIR.
 */
import assert from "node:assert/strict";
import { startUp, type UpProcess } from "../_helpers/k8sm_up.ts";
import { requires } from "../_helpers/requirements.ts";
import {
  clickWhenThere,
  createBulkPods,
  createSleepers,
  go,
  launchChromium,
  newPage,
  screenshot,
  SCREENSHOT_DIR,
  viewerToken,
  waitInPage,
  writeWorkloadKindsManifest,
} from "../_helpers/dashboard_browser.ts";

const need = requires("kubectl", "chromium");

// The DOM names the page-side functions below use (they run in Chromium, not in Deno).
interface PageElement {
  innerText: string;
  textContent: string | null;
  hidden: boolean;
  dataset: Record<string, string | undefined>;
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): PageElement[];
}
declare const document: {
  activeElement: PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): PageElement[];
};
declare const location: { hash: string };
declare function btoa(text: string): string;
declare const sessionStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};
declare function requestAnimationFrame(callback: (t: number) => void): number;
declare class PerformanceObserver {
  constructor(callback: (list: { getEntries(): unknown[] }) => void);
  observe(options: { type: string }): void;
  disconnect(): void;
}

async function kubectl(up: UpProcess, args: string[]): Promise<void> {
  const res = await new Deno.Command("kubectl", {
    args: ["--kubeconfig", up.kubeconfig, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(res.success, `kubectl ${args.join(" ")}: ${new TextDecoder().decode(res.stderr)}`);
}

function podsShown(prefix: string): number {
  return [...document.querySelectorAll("a.vrow[data-pod]")].filter((r) =>
    r.dataset.pod!.startsWith(prefix)
  ).length;
}

Deno.test({
  name: "dashboard: a browser signs in through up's link and sees agents, pods, logs, a shell, " +
    "scaling, RBAC-hidden controls with a 403 for a forged delete, and 1,000 pods",
  ...need,
  ignore: need.ignore || Deno.uid() !== 0,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const up = await startUp(["--container-runtime", "process", "--proxy-mode", "userspace"]);
    const client = up.client();
    const browser = await launchChromium();
    try {
      const link = /sign in \(as cluster-admin[^)]*\): (\S+#code=\S+)/.exec(up.stdout())?.[1];
      assert.ok(link, `k8sm up printed no sign-in link:\n${up.stdout()}`);
      const { page, errors } = await newPage(browser);
      await page.goto(link);

      await t.step(
        "the cluster view shows the agent with CPU, memory and ports bars split by framework, " +
          "and cordons and uncordons it",
        async () => {
          const text = await waitInPage(page, "an agent card with bars", () => {
            const card = document.querySelector(".agent");
            // Three bars (CPU, memory, ports) once the master's accounting has arrived.
            return card && card.querySelectorAll(".bar").length === 3 ? card.innerText : "";
          }, undefined);
          assert.match(text, /Mesos agent \S+/);
          assert.match(
            text,
            /CPU: [\d.]+ CPU k8sm, [\d.]+ CPU other frameworks, [\d.]+ CPU offered/,
          );
          assert.match(text, /Ports: \d+ k8sm, .* free of \d+/);
          assert.equal(await page.evaluate(() => location.hash), "#/cluster", "token left the URL");
          await screenshot(page, "cluster");
          // Cordon, then uncordon, from the agent card (each confirmed); the Node watch shows both.
          const accept = (d: { accept(): Promise<void> }) => d.accept();
          page.on("dialog", accept);
          await clickWhenThere(page, '.agent button[data-action="cordon"]');
          await waitInPage(
            page,
            "the agent shown cordoned",
            () => document.querySelector(".agent")?.innerText.includes("cordoned"),
            undefined,
          );
          await clickWhenThere(page, '.agent button[data-action="uncordon"]');
          await waitInPage(
            page,
            "the agent shown schedulable again",
            () =>
              document.querySelector('.agent button[data-action="cordon"]') !== null &&
              !document.querySelector(".agent")?.innerText.includes("cordoned"),
            undefined,
          );
          page.off("dialog", accept);
        },
      );

      await t.step("a pod from kubectl run appears in the pods view (watch)", async () => {
        await go(page, "#/pods");
        await waitInPage(page, "the pods view", () => document.querySelector(".vlist"), undefined);
        await kubectl(up, [
          "run",
          "ticker",
          "--image=busybox",
          "--restart=Never",
          "--command",
          "--",
          "sh",
          "-c",
          "i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done",
        ]);
        await waitInPage(page, "ticker in the pods list", podsShown, "ticker");
        await screenshot(page, "pods");
      });

      await t.step("the pod page follows the logs and its shell runs echo hi", async () => {
        await go(page, "#/pod/default/ticker");
        const first = await waitInPage(
          page,
          "a tick in the logs",
          () => /tick (\d+)/.exec(document.querySelector("pre.logs")?.textContent ?? "")?.[1],
          undefined,
        );
        await waitInPage(
          page,
          "a later tick (the log follows)",
          (n) =>
            (document.querySelector("pre.logs")?.textContent ?? "").includes(
              `tick ${Number(n) + 2}`,
            ),
          first,
        );
        await clickWhenThere(page, 'button[data-action="shell"]');
        await waitInPage(
          page,
          "the terminal's prompt",
          () =>
            /[#$]\s*$/m.test(
              document.querySelector(".xterm-rows")?.innerText ?? "",
            ),
          undefined,
        );
        await page.keyboard.type("echo hi\n");
        await waitInPage(
          page,
          "hi on its own line",
          () =>
            (document.querySelector(".xterm-rows")?.innerText ?? "")
              .split("\n").some((l) => l.trim() === "hi"),
          undefined,
        );
        await screenshot(page, "pod");
      });

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

      await t.step("the services and events views list what the API holds", async () => {
        await client.requestJson("POST", "/api/v1/namespaces/default/services", {
          body: {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "sleeper" },
            spec: { selector: { app: "sleeper" }, ports: [{ port: 8080 }] },
          },
        });
        for (const [view, cell] of [["services", "sleeper"], ["events", "Pod/ticker"]]) {
          await go(page, `#/${view}`);
          await waitInPage(
            page,
            `${cell} in the ${view} view`,
            (text) =>
              [...document.querySelectorAll("#view td")].some((td) => td.textContent === text),
            cell,
          );
          await screenshot(page, view);
        }
      });

      await t.step(
        "the printed sign-in link works once: a second use is refused in words",
        async () => {
          const again = await newPage(browser);
          await again.page.goto(link);
          const said = await waitInPage(
            again.page,
            "the used-link message",
            () => document.querySelector("#signin-error")?.textContent ?? "",
            undefined,
          );
          assert.match(
            said,
            /This sign-in link was already used or has expired; run `k8sm dashboard`/,
          );
          assert.equal(
            await again.page.evaluate(() => location.hash),
            "#/cluster",
            "code left the URL",
          );
          await again.page.browserContext().close();
        },
      );

      await t.step(
        "a view user sees no shell, scale or delete and a forged delete gets 403",
        async () => {
          const viewer = await newPage(browser);
          const v = viewer.page;
          await v.goto(link.replace(/#.*$/, ""));
          await v.waitForSelector("#token", { visible: true });
          await v.type("#token", await viewerToken(client));
          await v.click('#signin button[type="submit"]');
          await v.waitForSelector("#nav:not([hidden])");
          await go(v, "#/pod/default/ticker");
          for (const a of ["shell", "delete"]) {
            const access = await waitInPage(
              v,
              `the ${a} control's access check`,
              (s) =>
                document.querySelector(`button[data-action="${s}"]`)?.getAttribute("data-access"),
              a,
            );
            assert.equal(access, "denied");
            assert.ok(
              await v.$eval(`button[data-action="${a}"]`, (b) => b.hidden),
            );
          }
          await go(v, "#/workloads");
          await waitInPage(
            v,
            "the RC's scale check",
            () =>
              document.querySelector('tr[data-name="sleeper"] button[data-action="scale"]')
                ?.getAttribute("data-access") === "denied",
            undefined,
          );
          await screenshot(v, "viewer-workloads");
          // Requests forged from the viewer's session: a delete, and Mesos' accounting
          // (cluster-admin only by default).
          const statuses = await v.evaluate(async () => {
            const headers = {
              authorization: `Bearer ${sessionStorage.getItem("k8sm.dashboard.token")}`,
            };
            const del = await fetch("/api/v1/namespaces/default/pods/ticker", {
              method: "DELETE",
              headers,
            });
            const share = await fetch("/k8sm/mesos/share", { headers });
            return [del.status, share.status];
          });
          assert.deepEqual(statuses, [403, 403]);
          // A session never outlives its token: one whose JWT expiry has passed is signed out.
          await v.evaluate(() => {
            const claims = btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) - 1 }));
            sessionStorage.setItem("k8sm.dashboard.token", `e30.${claims}.sig`);
          });
          await v.reload();
          const expired = await waitInPage(
            v,
            "the sign-in form after expiry",
            () => document.querySelector("#signin-error")?.textContent,
            undefined,
          );
          assert.match(expired ?? "", /expired/);
          assert.equal(
            await v.evaluate(() => sessionStorage.getItem("k8sm.dashboard.token")),
            null,
          );
          assert.deepEqual(viewer.errors, []);
          await v.browserContext().close();
        },
      );

      await t.step("1,000 pods: the list renders and scrolls (figures printed)", async () => {
        await createBulkPods(client, "bulk", 1000);
        const t0 = performance.now();
        await go(page, "#/pods?namespace=bulk");
        await waitInPage(
          page,
          "1000 bulk pods counted",
          () => document.querySelector(".filters .muted")?.textContent?.startsWith("1000 of"),
          undefined,
        );
        const renderMs = performance.now() - t0;
        const scroll = await page.evaluate(async () => {
          const list = document.querySelector(".vlist")!;
          const frames: number[] = [];
          let longTasks = 0;
          const observer = new PerformanceObserver((l) => longTasks += l.getEntries().length);
          observer.observe({ type: "longtask" });
          let last = performance.now();
          while (list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
            list.scrollTop += 600;
            await new Promise((r) => requestAnimationFrame(r));
            const now = performance.now();
            frames.push(now - last);
            last = now;
          }
          const rows = document.querySelectorAll("a.vrow").length;
          const lastPod = [...document.querySelectorAll("a.vrow")].some((r) =>
            r.dataset.pod === "bulk-0999"
          );
          observer.disconnect();
          const sorted = [...frames].sort((a, b) => a - b);
          return {
            frames: frames.length,
            medianFrameMs: sorted[Math.floor(sorted.length / 2)],
            maxFrameMs: sorted[sorted.length - 1],
            longTasks,
            rows,
            lastPod,
          };
        });
        console.log(
          `dashboard 1,000 pods: list shown ${renderMs.toFixed(0)} ms after navigation; ` +
            `scrolled to the end in ${scroll.frames} frames (median ` +
            `${scroll.medianFrameMs.toFixed(1)} ms, longest ${scroll.maxFrameMs.toFixed(1)} ms, ` +
            `${scroll.longTasks} long tasks); ` +
            `${scroll.rows} row elements in the DOM`,
        );
        assert.ok(scroll.lastPod, "the last pod is shown after scrolling to the end");
        assert.ok(scroll.rows < 100, `only visible rows are in the DOM (${scroll.rows})`);
        await screenshot(page, "pods-1000");
        // Keyboard: the list takes focus, Home/End/arrows move between rows, scrolled in as needed.
        await page.focus(".vlist");
        const focused = () => document.activeElement?.dataset.pod;
        await page.keyboard.press("End");
        assert.equal(await page.evaluate(focused), "bulk-0999");
        await page.keyboard.press("Home");
        await page.keyboard.press("ArrowDown");
        assert.equal(await page.evaluate(focused), "bulk-0001");
      });

      assert.deepEqual(errors, []);
      console.log(`dashboard screenshots: ${SCREENSHOT_DIR}`);
    } finally {
      await browser.close();
      client.close();
      assert.equal(await up.interrupt(), 0);
    }
  },
});
