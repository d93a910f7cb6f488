/**
 * The dashboard's sign-in and access in a real browser (headless Chromium) against a real
 * `k8sm up` (process runtime): sign-in through the link `up` prints, landing on the cluster
 * view with the agent's resource bars (cordon and uncordon from its card), the link refused on
 * a second use, and a `view` user signed in with its token: no shell, scale or delete controls,
 * a forged delete refused (403), and its session ended once its token has expired. Screenshots
 * land in SCREENSHOT_DIR.
 */
import assert from "node:assert/strict";
import { requires } from "../_helpers/requirements.ts";
import {
  clickWhenThere,
  createSleepers,
  go,
  newPage,
  screenshot,
  SCREENSHOT_DIR,
  viewerToken,
  waitInPage,
} from "../_helpers/dashboard_browser.ts";
import { runTicker, startDashboard, stopDashboard } from "../_helpers/dashboard_session.ts";

const need = requires("kubectl", "chromium");

// The DOM names the page-side functions below use (they run in Chromium, not in Deno). They
// stay in this module: declared in a shared one, they would clash with Deno's own globals.
interface PageElement {
  innerText: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): PageElement[];
}
declare const document: { querySelector(selector: string): PageElement | null };
declare const location: { hash: string };
declare function btoa(text: string): string;
declare const sessionStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};

Deno.test({
  name: "dashboard sign-in: a browser signs in through up's link and sees the agent's bars " +
    "(cordon, uncordon), the link works once, and a view user sees no shell, scale or delete, " +
    "gets 403 for a forged delete and is signed out when its token expires",
  ...need,
  ignore: need.ignore || Deno.uid() !== 0,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const session = await startDashboard();
    const { up, client, browser, link, page, errors } = session;
    try {
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
            /This sign-in link was already used or has expired; run 'k8sm dashboard'/,
          );
          assert.equal(
            await again.page.evaluate(() => location.hash),
            "#/cluster",
            "code left the URL",
          );
          await again.page.browserContext().close();
        },
      );

      // What the viewer looks at: the ticker pod and the sleeper RC.
      await runTicker(up);
      await createSleepers(client, "replicationcontrollers", "sleeper");

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

      assert.deepEqual(errors, []);
      console.log(`dashboard screenshots: ${SCREENSHOT_DIR}`);
    } finally {
      await stopDashboard(session);
    }
  },
});
