/* Item photos at intake and at the repair bench (CONTRACT §13): one tap opens the tablet's
   camera (or its photos), each photo is uploaded at once with a progress bar, and the item's
   photos show as thumbnails. The page says which item is on screen with an `ambacht:item`
   event; the server strips every bit of metadata (GPS) and keeps a resized copy. */
"use strict";
window.addWords({
  "photo.take": ["Foto maken", "Take a photo"],
  "photo.sending": ["Foto {n} van {m} versturen…", "Sending photo {n} of {m}…"],
  "photo.done": ["Foto opgeslagen ({n} bij dit item).", "Photo saved ({n} with this item)."],
  "photo.not_image": [
    "‘{name}’ is geen foto: kies een foto (JPEG, PNG, WebP of HEIC).",
    "‘{name}’ is not a photo: choose a photo (JPEG, PNG, WebP or HEIC).",
  ],
  "photo.too_big": [
    "‘{name}’ is groter dan 15 MB: maak een nieuwe foto of kies een kleinere.",
    "‘{name}’ is larger than 15 MB: take a new photo or choose a smaller one.",
  ],
  "photo.offline": [
    "Geen verbinding: de foto is niet verstuurd. Maak hem opnieuw zodra er verbinding is.",
    "No connection: the photo was not sent. Take it again once there is a connection.",
  ],
  "photo.of": ["Foto van {code}", "Photo of {code}"],
});
(function () {
  const MAX_BYTES = 15 * 1024 * 1024; // the server's limit (tracker/images.py): said before sending
  // A 15 MB photo over a shop's slow Wi-Fi can take a minute; no answer after two is a lost one.
  const UPLOAD_TIMEOUT_MS = 120000;
  const STILL_HERE = ["collected", "in_repair", "ready_for_sale"]; // what may get a photo
  const IMAGE = /^image\//;

  /* POST one photo with its progress; resolves to the photo, rejects with A.ApiError/Offline. */
  function send(code, file, progress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest(); // fetch() reports no upload progress
      xhr.open("POST", `/api/items/${encodeURIComponent(code)}/photos`);
      xhr.setRequestHeader("Authorization", `Bearer ${A.token() || ""}`);
      xhr.setRequestHeader("Accept-Language", A.lang());
      xhr.setRequestHeader("Idempotency-Key", A.newKey());
      xhr.timeout = UPLOAD_TIMEOUT_MS;
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress(e.loaded / e.total); };
      xhr.onload = () => {
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch { body = null; }
        if (xhr.status === 201) resolve(body);
        else if (xhr.status >= 502 && xhr.status <= 504) reject(new A.Offline(`HTTP ${xhr.status}`));
        else reject(new A.ApiError(xhr.status, body));
      };
      xhr.onerror = () => reject(new A.Offline("network"));
      xhr.ontimeout = () => reject(new A.Offline("timeout"));
      const form = new FormData();
      form.append("file", file, file.name || "foto.jpg");
      xhr.send(form);
    });
  }

  function setup(box) {
    const input = box.querySelector("[data-photo-input]");
    const bar = box.querySelector(".photo-progress");
    const list = box.querySelector(".photo-list");
    const message = box.querySelector(".photo-message"); // A.say sets its class: keep hold of it
    const say = (text, kind) => A.say(message, text, kind);
    let code = null;

    function show(photos) {
      list.replaceChildren(...photos.map((p) => {
        const li = document.createElement("li");
        const img = document.createElement("img");
        img.src = p.thumb_url;
        img.alt = A.t("photo.of", { code: p.item });
        img.width = 96;
        img.height = 96;
        li.append(img);
        return li;
      }));
    }

    async function load(forCode) {
      try {
        const photos = await A.get(`/api/items/${encodeURIComponent(forCode)}/photos`);
        if (forCode === code) show(photos);
      } catch (err) { /* the list is a courtesy: taking a photo still works */ }
    }

    /* Why a file cannot go, before it is sent (the server checks again), or "". */
    function refusal(file) {
      if (file.type && !IMAGE.test(file.type)) return A.t("photo.not_image", { name: file.name });
      if (file.size > MAX_BYTES) return A.t("photo.too_big", { name: file.name });
      return "";
    }

    async function upload(files) {
      const forCode = code;
      for (let i = 0; i < files.length; i += 1) {
        const wrong = refusal(files[i]);
        if (wrong) { say(wrong, "error"); return; }
        say(A.t("photo.sending", { n: i + 1, m: files.length }), "warn");
        bar.hidden = false;
        bar.value = 0;
        try {
          await send(forCode, files[i], (part) => { bar.value = part; });
        } catch (err) {
          say(err instanceof A.Offline ? A.t("photo.offline") : err.message, "error");
          if (err.status === 401) A.needLogin(A.token());
          return;
        } finally {
          bar.hidden = true;
        }
      }
      const photos = await A.get(`/api/items/${encodeURIComponent(forCode)}/photos`).catch(() => null);
      if (photos && forCode === code) show(photos);
      say(A.t("photo.done", { n: photos ? photos.length : files.length }), "ok");
    }

    document.addEventListener("ambacht:item", (e) => {
      const item = e.detail || {};
      code = STILL_HERE.includes(item.state) ? item.code : null;
      box.hidden = !code;
      list.replaceChildren();
      say("", "ok");
      if (code) load(code);
    });
    input.addEventListener("change", () => {
      const files = [...input.files];
      input.value = ""; // the same photo chosen again is a new choice
      if (code && files.length) upload(files);
    });
  }

  document.querySelectorAll("[data-photos]").forEach(setup);
})();
