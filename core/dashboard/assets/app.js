// The dashboard's shell: sign-in (a pasted token, or the single-use `#code=` of the link
// `k8sm up` or `k8sm dashboard` prints: removed from the address bar at once and traded once at
// `login` for the session's token, which never appears in a URL), the signed-in user, and hash
// routing between the views. Each view watches what it shows and is stopped when another view
// opens.
import { forgetReviews, probeOpenApi, signIn, signOut, token, whoAmI } from "./api.js";
import { h } from "./dom.js";
import { clusterView } from "./view_cluster.js";
import { podsView } from "./view_pods.js";
import { podView } from "./view_pod.js";
import { eventsView, servicesView, workloadsView } from "./view_workloads.js";

const $ = (id) => document.getElementById(id);
let stopView = () => {};

function showSignIn(message = "") {
  stopView();
  $("view").replaceChildren();
  $("nav").hidden = true;
  $("signout").hidden = true;
  $("who").textContent = "";
  $("signin").hidden = false;
  $("signin-error").textContent = message;
  $("token").focus();
}

function route() {
  stopView();
  const view = $("view");
  view.replaceChildren();
  const [path, search = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").map(decodeURIComponent);
  for (const a of document.querySelectorAll("#nav a")) {
    a.classList.toggle("active", a.getAttribute("href") === `#/${parts[0]}`);
  }
  const query = new URLSearchParams(search);
  if (parts[0] === "pods") stopView = podsView(view, query);
  else if (parts[0] === "pod" && parts.length === 3) stopView = podView(view, parts[1], parts[2]);
  else if (parts[0] === "workloads") stopView = workloadsView(view);
  else if (parts[0] === "services") stopView = servicesView(view);
  else if (parts[0] === "events") stopView = eventsView(view);
  else stopView = clusterView(view);
  $("main").focus({ preventScroll: true });
}

let openMode = false;

async function start(value) {
  signIn(value, () => showSignIn("Your session ended because its token expired; sign in again."));
  if (!token()) return; // already expired: signIn ended it
  forgetReviews();
  try {
    const user = await whoAmI();
    $("who").replaceChildren(h("span", { class: "muted" }, "Signed in as "), user.username ?? "?");
  } catch (e) {
    signOut();
    showSignIn(
      e.code === 401 ? "The API does not accept this token." : `Could not sign in: ${e.message}`,
    );
    return;
  }
  $("signin").hidden = true;
  $("nav").hidden = false;
  $("signout").hidden = false;
  route();
}

/** What the page says when a link's code cannot be traded (the API's sentence, if it gave one). */
const USED_LINK = "This sign-in link was already used or has expired; run 'k8sm dashboard' " +
  "for a new one, or sign in with a token.";

/** Trades the single-use code of a sign-in link for its token; the code is spent either way. */
async function redeem(code) {
  let res;
  try {
    res = await fetch("login", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ code }),
    });
  } catch (e) {
    showSignIn(`Could not reach the API to use the sign-in link: ${e.message}`);
    return;
  }
  let body = {};
  try {
    body = await res.json();
  } catch {
    // not JSON: the sentence below says what happened
  }
  if (res.ok && body.token) start(body.token);
  else if (res.status === 401) showSignIn(body.message ?? USED_LINK);
  else {showSignIn(
      `Could not use the sign-in link: ${body.message ?? `${res.status} ${res.statusText}`}`,
    );}
}

const linked = /^#code=([A-Za-z0-9_-]+)/.exec(location.hash);
if (linked || /^#token=/.test(location.hash)) {
  history.replaceState(null, "", `${location.pathname}#/cluster`);
}
$("signin").addEventListener("submit", (e) => {
  e.preventDefault();
  const value = $("token").value.trim();
  $("token").value = "";
  if (value) start(value);
});
$("signout").addEventListener("click", () => {
  signOut();
  showSignIn("Signed out.");
});
/** An API without authentication (up --insecure): no sign-in, every control shown. */
function startOpen() {
  openMode = true;
  $("who").textContent = "This API has no authentication: anyone who reaches it may do anything.";
  $("signin").hidden = true;
  $("nav").hidden = false;
  route();
}

addEventListener("hashchange", () => (openMode || token()) && route());
if (linked) redeem(linked[1]);
else if (token()) start(token());
else probeOpenApi().then((isOpen) => isOpen ? startOpen() : showSignIn());
