/* Aanwezig: the tablet at the entrance (CONTRACT §12). A person scans their own badge: the
   page greets them (never a name) and they are clocked in; scanning again clocks them out.
   Offline, each scan waits in the outbox with the moment it was made (`scanned_at`), and the
   server clocks it at that moment when the network is back. */
"use strict";
window.addWords({
  "title.presence": ["Aanwezig", "Presence"],
  "nav.presence": ["Aanwezig", "Presence"],
  "role.presence": ["aanwezigheid", "presence"],
  "presence.title": ["Aanwezig", "Presence"],
  "presence.help": ["Scan je badge bij binnenkomst en bij vertrek.", "Scan your badge when you arrive and when you leave."],
  "presence.scan": ["Badge", "Badge"],
  "presence.camera": ["Camera", "Camera"],
  "presence.in": ["{greeting}! Je bent ingeklokt om {time}.", "{greeting}! You are clocked in at {time}."],
  "presence.out": ["Tot ziens! Je bent uitgeklokt om {time}.", "Goodbye! You are clocked out at {time}."],
  "presence.forgotten": ["Je vorige keer was niet uitgeklokt: die is op sluitingstijd gesloten.", "Last time you did not clock out: that was closed at closing time."],
  "presence.queued": ["{greeting}! Je scan van {time} is bewaard en gaat mee zodra er verbinding is.", "{greeting}! Your scan at {time} is kept and goes out once there is a connection."],
  "presence.refused": ["Badge niet aangenomen: {why}", "Badge not accepted: {why}"],
  "presence.label": ["Badge gescand om {time}", "Badge scanned at {time}"],
});
(async function () {
  const station = await A.start(["presence"]);
  if (!station) return;
  const $ = (id) => document.getElementById(id);
  const SHOW_MS = 6000; // the greeting stays this long: long enough to read, gone for the next

  let clear = null;
  function show(text, kind) {
    A.say($("presence-message"), "", "error");
    $("presence-greeting").textContent = text;
    $("presence-greeting").dataset.kind = kind;
    clearTimeout(clear);
    clear = setTimeout(() => { $("presence-greeting").textContent = ""; }, SHOW_MS);
  }

  /* The greeting for a moment in the tablet's own clock: the server's words when it answers. */
  function greetingAt(date) {
    const hour = date.getHours();
    const nl = hour < 12 ? "Goedemorgen" : hour < 18 ? "Goedemiddag" : "Goedenavond";
    const en = hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening";
    return A.lang() === "en" ? en : nl;
  }

  async function scanned(text) {
    const badge = (text || "").trim();
    if (!badge) return;
    const now = new Date();
    const time = A.time(now.toISOString());
    try {
      const result = await A.send("/api/presence/scan", { badge, scanned_at: now.toISOString() },
        A.t("presence.label", { time }));
      if (result.queued) {
        show(A.t("presence.queued", { greeting: greetingAt(now), time }), "pending");
        return;
      }
      const d = result.data;
      const at = A.time(d.at);
      const said = d.action === "in"
        ? A.t("presence.in", { greeting: A.lang() === "en" ? d.greeting_en : d.greeting, time: at })
        : A.t("presence.out", { time: at });
      show(d.forgotten_closed ? `${said} ${A.t("presence.forgotten")}` : said, d.action);
    } catch (err) {
      $("presence-greeting").textContent = "";
      A.say($("presence-message"), A.t("presence.refused", { why: err.message }), "error");
    }
  }

  $("presence-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("badge").value;
    $("badge").value = "";
    scanned(text);
  });
  A.camera($("presence-camera"), $("presence-video"), (text) => { if (text) scanned(text); });
  A.onLang(() => { $("presence-greeting").textContent = ""; });
  $("badge").focus();
  document.body.dataset.ready = "true";
})();
