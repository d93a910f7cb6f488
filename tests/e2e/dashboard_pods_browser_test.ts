/**
 * The dashboard's pod views in a real browser (headless Chromium) against a real `k8sm up`
 * (process runtime), signed in as cluster-admin: a pod from `kubectl run` appearing from the
 * watch, its logs following, a shell running `echo hi`, the services and events views, and a
 * 1,000-pod list (its render and scroll figures are printed, not asserted; keyboard moves are).
 * Screenshots land in SCREENSHOT_DIR.
 */
import assert from "node:assert/strict";
import { requires } from "../_helpers/requirements.ts";
import {
  clickWhenThere,
  createBulkPods,
  go,
  screenshot,
  SCREENSHOT_DIR,
  waitInPage,
} from "../_helpers/dashboard_browser.ts";
import { runTicker, startDashboard, stopDashboard } from "../_helpers/dashboard_session.ts";

const need = requires("kubectl", "chromium");

// The DOM names the page-side functions below use (they run in Chromium, not in Deno). They
// stay in this module: declared in a shared one, they would clash with Deno's own globals.
interface PageElement {
  innerText: string;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
}
declare const document: {
  activeElement: PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): PageElement[];
};
declare function requestAnimationFrame(callback: (t: number) => void): number;
declare class PerformanceObserver {
  constructor(callback: (list: { getEntries(): unknown[] }) => void);
  observe(options: { type: string }): void;
  disconnect(): void;
}

function podsShown(prefix: string): number {
  return [...document.querySelectorAll("a.vrow[data-pod]")].filter((r) =>
    r.dataset.pod!.startsWith(prefix)
  ).length;
}

Deno.test({
  name: "dashboard pods: a pod from kubectl run appears live, its logs follow, its shell runs " +
    "echo hi, the services and events views list what the API holds, and 1,000 pods render " +
    "and scroll",
  ...need,
  ignore: need.ignore || Deno.uid() !== 0,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const session = await startDashboard();
    const { up, client, page, errors } = session;
    try {
      await t.step("a pod from kubectl run appears in the pods view (watch)", async () => {
        await go(page, "#/pods");
        await waitInPage(page, "the pods view", () => document.querySelector(".vlist"), undefined);
        await runTicker(up);
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
      await stopDashboard(session);
    }
  },
});
