/* Aanmelden: the station's token is checked once and kept on this device.
   A link `/login#token=amb_...` (a QR code from the administrator) fills it in. */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const next = new URLSearchParams(location.search).get("next");

  function go(station) {
    const pages = A.pagesFor(station.role);
    const wanted = pages.find((p) => A.pagePath(p) === next);
    return wanted ? A.pagePath(wanted) : pages[0] ? A.pagePath(pages[0]) : "/login";
  }

  function showCurrent(station) {
    if (!station) { $("login-current").hidden = true; $("login-go").hidden = true; return; }
    const site = station.site || {};
    A.say($("login-current"), A.t("login.as", {
      station: station.station, role: A.t(`role.${station.role}`),
      site: [site.name || site.id, site.municipality].filter(Boolean).join(", "),
    }), "ok");
    $("login-go").replaceChildren(...A.pagesFor(station.role).map((p) => {
      const a = document.createElement("a");
      a.className = "button primary big";
      a.href = A.pagePath(p);
      a.textContent = A.t(`nav.${p}`);
      return a;
    }));
    $("login-go").hidden = false;
    A.renderHeader(station);
  }

  /* Actions kept on this device (after a logout or a revoked token) go out after the login,
     with the new station's token: say so, so nobody thinks they are lost. */
  function showWaiting() {
    const n = A.outbox().length;
    A.say($("login-waiting"), n ? A.t("login.waiting", { n }) : "", "warn");
  }

  async function login(token) {
    A.say($("login-error"), "", "error");
    try {
      const station = await A.get("/api/me", { token });
      localStorage.setItem(A.STORE.token, token);
      localStorage.setItem(A.STORE.me, JSON.stringify(station));
      location.href = go(station);
    } catch (err) {
      A.say($("login-error"), err instanceof A.Offline ? A.t("net.lookup")
        : err.status === 401 ? A.t("login.bad") : err.message, "error");
    }
  }

  A.translate();
  $("lang").addEventListener("click", () => {
    A.setLang(A.lang() === "nl" ? "en" : "nl");
    showCurrent(A.token() ? A.me() : null);
    showWaiting();
  });
  $("logout").addEventListener("click", A.logout);
  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const token = $("token").value.trim();
    if (token) login(token);
  });
  showWaiting();
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromLink) {
    history.replaceState(null, "", location.pathname + location.search); // keep it out of history
    login(fromLink);
  } else if (A.token()) {
    showCurrent(A.me());
  }
  document.body.dataset.ready = "true";
})();
