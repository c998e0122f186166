/* Service worker: keeps the station pages and their files on the device, so a till whose
   Wi-Fi dropped can still be reloaded and keeps selling (its actions wait in the outbox).
   Version {{ v }}: a new release is a new file, which replaces this worker and its cache. */
"use strict";
const CACHE = "ambacht-{{ v }}";
const PAGES = ["/login", "/intake", "/repair", "/till", "/dashboard", "/aanwezig"];
const FILES = {{ assets | tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...PAGES, ...FILES]))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    // versioned file names: what is cached is right
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
  } else if (PAGES.includes(url.pathname)) {
    // the page from the server when it answers (new releases), else the kept copy
    event.respondWith(fetch(event.request).then((res) => {
      const copy = res.clone();
      if (res.ok) caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
      return res;
    }).catch(() => caches.match(url.pathname)));
  }
  // everything else (the API, public item pages) always goes to the server
});
