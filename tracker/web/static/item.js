/* The public item page for a customer is the same page a volunteer opens by scanning a label.
   A device logged in as an intake station (or as admin) may correct the item's intake
   (CONTRACT §9): only there does the page show "Corrigeren", a link to the intake page's
   correction form (/intake#correct=CODE), which checks the login again. */
"use strict";
(async function () {
  const MAY_CORRECT = ["intake", "admin"];
  const token = localStorage.getItem("ambacht.token");
  if (!token) return; // a customer's phone: nothing more
  let station = null;
  try { station = JSON.parse(localStorage.getItem("ambacht.me") || "null"); } catch { station = null; }
  if (!station) { // logged in, but no station page opened yet on this device
    try {
      const res = await fetch("/api/me", { headers: { Authorization: `Bearer ${token}` } });
      if (res.ok) station = await res.json();
    } catch { station = null; }
  }
  if (station && MAY_CORRECT.includes(station.role)) {
    document.getElementById("station-actions").hidden = false;
  }
})();
