/* Roll Call service worker: offline reading for officers, nothing else.

   Served at /sw.js by lms.views.offline, which puts `const CONFIG = {...}` in front of this file
   (version, app-shell URLs, offline pages). Rules, and why (docs/officer-guide.md, security.md):
   - Network first for everything. A page answers from the saved copy only when the network fails,
     or, on a connection that looks weak (offline or 2G), is slower than QUICK_FALLBACK_MS; the
     copy then says it is one. A good connection always waits for the server: at roll call a busy
     server must not pass old progress off as new.
   - A copy is kept only when the response carries X-Rollcall-Offline: save (the server decides:
     officers' course, lesson, card, certificates-list and dashboard pages) or the officer's own
     dashboard names it (certificate PDFs), and it is filed under the account that
     X-Rollcall-Account names. A different account, or "none" (signed out, a supervisor, ORS),
     wipes every copy first: on a shared phone nothing of one person reaches the next.
   - "Complete and continue" pressed offline is queued with its form (CSRF token included) and sent
     again when the page says the connection is back; the server records a completion once
     however often it is sent. Every other form offline gets "this needs a connection", so quiz
     answers are never marked on the phone.
   - The admin is never touched. */
"use strict";

const VERSION = CONFIG.version;
const SHELL_CACHE = "rollcall-shell-" + VERSION;
const META_CACHE = "rollcall-meta";
const PAGES_PREFIX = "rollcall-pages-";
const ACCOUNT_KEY = "/__offline/account";
const QUEUE_KEY = "/__offline/queue";
const INDEX_KEY = "/__offline/index";
const QUICK_FALLBACK_MS = 3000;
const RECHECK_SAVED_MS = 10 * 60 * 1000;
const COMPLETE_PATH = /^\/learn\/lessons\/\d+\/complete\/$/;
const NO_ACCOUNT = "none";

/* ---------- small storage helpers (the Cache API holds JSON too: one mechanism to wipe) ---------- */

async function readJson(cacheName, key, fallback) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(key);
  return hit ? hit.json() : fallback;
}

async function writeJson(cacheName, key, value) {
  const cache = await caches.open(cacheName);
  await cache.put(key, new Response(JSON.stringify(value), {
    headers: { "Content-Type": "application/json" },
  }));
}

async function currentAccount() {
  return readJson(META_CACHE, ACCOUNT_KEY, NO_ACCOUNT);
}

async function wipeAccountData() {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PAGES_PREFIX) || name === META_CACHE)
    .map((name) => caches.delete(name)));
}

/* The server names the account on every page; a change wipes what the last person left. Queued
   completions survive only "none" (a session that timed out): the same officer signing in again
   sends them; anyone else signing in wipes them. */
async function switchAccount(account) {
  const previous = await currentAccount();
  if (account === previous) { return; }
  const queue = await readJson(META_CACHE, QUEUE_KEY, []);
  await wipeAccountData();
  if (account === NO_ACCOUNT) {
    const owner = queue.length ? queue[0].account : null;
    if (owner) {
      await writeJson(META_CACHE, QUEUE_KEY, queue);
      await writeJson(META_CACHE, ACCOUNT_KEY, NO_ACCOUNT);
    }
    return;
  }
  const kept = queue.filter((entry) => entry.account === account);
  if (kept.length) { await writeJson(META_CACHE, QUEUE_KEY, kept); }
  await writeJson(META_CACHE, ACCOUNT_KEY, account);
}

/* ---------- install / activate: a new version takes over at once and drops the old shell ---------- */

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // Fetched signed out (credentials omitted): the shell is the same for everyone.
    await Promise.all(CONFIG.shell.map(async (url) => {
      const response = await fetch(url, { credentials: "omit", cache: "no-store" });
      if (response.ok) { await cache.put(url, response); }
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("rollcall-shell-") && name !== SHELL_CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

/* ---------- keeping copies ---------- */

function pagesCacheName(account) { return PAGES_PREFIX + account; }

function isHtml(response) {
  return (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

/* Same-origin static files and images a saved page uses, so it reads the same offline. */
function subresourcesOf(html) {
  const urls = new Set();
  const pattern = /(?:src|href)="(\/(?:static|media)\/[^"?#]+)"/g;
  let match;
  while ((match = pattern.exec(html)) !== null) { urls.add(match[1].replace(/&amp;/g, "&")); }
  return Array.from(urls);
}

async function storeCopy(cacheName, url, response) {
  // A fresh Response: no "redirected" flag (browsers refuse those for navigations), and the
  // moment it was saved, for the banner.
  const headers = new Headers(response.headers);
  headers.set("X-Rollcall-Saved-At", new Date().toISOString());
  const body = await response.blob();
  const cache = await caches.open(cacheName);
  await cache.put(url, new Response(body, { status: 200, statusText: "OK", headers: headers }));
  return body;
}

async function storeSubresources(cacheName, html) {
  const cache = await caches.open(cacheName);
  let bytes = 0;
  for (const url of subresourcesOf(html)) {
    if (await caches.match(url)) { continue; }  // hashed names: a file kept once stays right
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) {
        const body = await response.blob();
        bytes += body.size;
        await cache.put(url, new Response(body, { headers: response.headers }));
      }
    } catch (error) { /* offline again: the page still reads, without this image */ }
  }
  return bytes;
}

/* Called with every response the worker sees. Returns the bytes kept (0: nothing kept). */
async function remember(url, response) {
  const account = response.headers.get("X-Rollcall-Account");
  if (!account) { return 0; }  // static files and the like name nobody: nothing to decide
  await switchAccount(account);
  const cacheName = pagesCacheName(account);
  if (account !== NO_ACCOUNT && (response.status === 404 || response.status === 410)) {
    // Unpublished, or a revoked certificate: the saved copy goes too.
    await (await caches.open(cacheName)).delete(url);
    return 0;
  }
  if (account === NO_ACCOUNT || !response.ok || response.headers.get("X-Rollcall-Offline") !== "save") {
    return 0;
  }
  const body = await storeCopy(cacheName, url, response);
  let bytes = body.size;
  if (isHtml(response)) { bytes += await storeSubresources(cacheName, await body.text()); }
  return bytes;
}

async function savedCopy(request) {
  const account = await currentAccount();
  if (account !== NO_ACCOUNT) {
    const pages = await caches.open(pagesCacheName(account));
    const hit = await pages.match(request, { ignoreVary: true });
    if (hit) { return hit; }
  }
  const shell = await caches.open(SHELL_CACHE);
  return shell.match(request, { ignoreVary: true });
}

/* ---------- answering ---------- */

function timeout(ms) {
  return new Promise((resolve, reject) => { setTimeout(() => reject(new Error("slow")), ms); });
}

function connectionLooksWeak() {
  const connection = self.navigator.connection;
  if (!self.navigator.onLine) { return true; }
  return Boolean(connection && /2g$/.test(connection.effectiveType || ""));
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]));
}

async function withOfflineBanner(copy, slow) {
  const savedAt = copy.headers.get("X-Rollcall-Saved-At");
  if (!savedAt || !isHtml(copy)) { return copy; }
  const when = escapeHtml(new Date(savedAt).toLocaleString("en-US", { dateStyle: "long", timeStyle: "short" }));
  const text = slow
    ? "The connection is slow: showing the copy saved on " + when + ". Reload to try again."
    : "You are offline: showing the copy saved on " + when + ".";
  const banner = "<div class=\"offline-banner\" role=\"status\"><p>" + text + "</p></div>";
  const html = (await copy.text()).replace(/<main\b/, banner + "<main");
  const headers = new Headers(copy.headers);
  headers.delete("Content-Length");  // the banner made it longer
  return new Response(html, { status: 200, headers: headers });
}

async function offlinePage(path) {
  const shell = await caches.open(SHELL_CACHE);
  const page = await shell.match(path);
  if (!page) { return Response.error(); }
  return new Response(await page.blob(), { status: 503, headers: page.headers });
}

async function networkFirst(event) {
  const request = event.request;
  const isPage = request.mode === "navigate";
  let keep;
  event.waitUntil(new Promise((resolve) => { keep = resolve; }));
  const network = fetch(request).then(async (response) => {
    // Settle whose phone this is before the page can ask the worker anything (offline.js).
    const account = response.headers.get("X-Rollcall-Account");
    if (account) { await switchAccount(account); }
    // Keep what comes back, even when the saved copy answered first.
    keep(remember(request.url, response.clone()).catch(() => 0));
    return response;
  }, (error) => { keep(0); throw error; });
  try {
    return await (connectionLooksWeak() ? Promise.race([network, timeout(QUICK_FALLBACK_MS)]) : network);
  } catch (error) {
    const copy = await savedCopy(request);
    if (copy) { return isPage ? withOfflineBanner(copy, error.message === "slow") : copy; }
    try { return await network; } catch (networkError) { /* no signal, nothing saved */ }
    return isPage ? offlinePage(CONFIG.offlinePage) : Response.error();
  }
}

/* "Complete and continue" offline: keep the form and go on to the next lesson's saved copy. */
async function completeOrQueue(request) {
  const body = await request.clone().text();
  try {
    return await fetch(request);
  } catch (error) {
    const account = await currentAccount();
    if (account === NO_ACCOUNT) { return offlinePage(CONFIG.needsConnectionPage); }
    const queue = await readJson(META_CACHE, QUEUE_KEY, []);
    if (!queue.some((entry) => entry.url === request.url)) {
      queue.push({ url: request.url, body: body, account: account, at: new Date().toISOString() });
      await writeJson(META_CACHE, QUEUE_KEY, queue);
    }
    const next = new URLSearchParams(body).get("offline_next") || "/dashboard/";
    const target = new URL(next, self.location.origin);
    return Response.redirect(target.origin === self.location.origin ? target.href : "/dashboard/", 303);
  }
}

async function postOrExplain(request) {
  try {
    return await fetch(request);
  } catch (error) {
    return offlinePage(CONFIG.needsConnectionPage);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/admin/")) { return; }
  if (url.pathname === "/sw.js") { return; }
  if (request.method === "POST") {
    event.respondWith(COMPLETE_PATH.test(url.pathname) ? completeOrQueue(request) : postOrExplain(request));
    return;
  }
  if (request.method !== "GET") { return; }
  event.respondWith(networkFirst(event));
});

/* ---------- messages from the page (static/js/offline.js) ---------- */

/* Send queued completions. The page gives its own CSRF token: signing in again rotates it. */
async function replayQueue(csrfToken) {
  if (!(await readJson(META_CACHE, QUEUE_KEY, [])).length) { return { sent: 0, waiting: 0 }; }
  // Ask the server who is signed in now: a completion is only ever sent for its own account.
  try {
    const who = await fetch(CONFIG.offlinePage, { credentials: "same-origin", cache: "no-store" });
    await switchAccount(who.headers.get("X-Rollcall-Account") || NO_ACCOUNT);
  } catch (error) {
    return { sent: 0, waiting: (await readJson(META_CACHE, QUEUE_KEY, [])).length };
  }
  const account = await currentAccount();
  const queue = await readJson(META_CACHE, QUEUE_KEY, []);
  const left = [];
  let sent = 0;
  for (const entry of queue) {
    if (entry.account !== account) { left.push(entry); continue; }
    const form = new URLSearchParams(entry.body);
    if (csrfToken) { form.set("csrfmiddlewaretoken", csrfToken); }
    try {
      const response = await fetch(entry.url, {
        method: "POST",
        body: form,
        credentials: "same-origin",
        headers: { "X-CSRFToken": form.get("csrfmiddlewaretoken") || "" },
      });
      const landed = new URL(response.url).pathname;
      if (response.ok && !landed.startsWith("/accounts/")) { sent += 1; continue; }
      if (response.status === 404) { continue; }  // the lesson is gone: nothing to record
    } catch (error) { /* still offline */ }
    left.push(entry);
  }
  await writeJson(META_CACHE, QUEUE_KEY, left);
  return { sent: sent, waiting: left.length };
}

async function saveBundle(listUrl) {
  const response = await fetch(listUrl, { credentials: "same-origin" });
  const headerAccount = response.headers.get("X-Rollcall-Account");
  if (headerAccount) { await switchAccount(headerAccount); }
  if (!response.ok || !headerAccount || headerAccount === NO_ACCOUNT) {
    return { ok: false };
  }
  const bundle = await response.json();
  let bytes = 0;
  let pages = 0;
  for (const url of bundle.urls) {
    try {
      const page = await fetch(url, { credentials: "same-origin" });
      const kept = await remember(new URL(url, self.location.origin).href, page);
      if (kept) { bytes += kept; pages += 1; }
    } catch (error) { /* lost signal half-way: what was kept stays, the rest next time */ }
  }
  const index = await readJson(META_CACHE, INDEX_KEY, {});
  index[listUrl] = {
    title: bundle.title, stamp: bundle.stamp, urls: bundle.urls, version: VERSION,
    savedAt: new Date().toISOString(), checkedAt: Date.now(), bytes: bytes, pages: pages,
  };
  await writeJson(META_CACHE, INDEX_KEY, index);
  return { ok: true, entry: index[listUrl] };
}

async function removeBundle(listUrl) {
  const index = await readJson(META_CACHE, INDEX_KEY, {});
  const entry = index[listUrl];
  if (entry) {
    const cache = await caches.open(pagesCacheName(await currentAccount()));
    await Promise.all(entry.urls.map((url) => cache.delete(new URL(url, self.location.origin).href)));
    delete index[listUrl];
    await writeJson(META_CACHE, INDEX_KEY, index);
  }
  return { ok: true };
}

/* A new publication (the stamp changed) or a new worker version: save the course again. */
async function refreshSaved() {
  const index = await readJson(META_CACHE, INDEX_KEY, {});
  for (const listUrl of Object.keys(index)) {
    const entry = index[listUrl];
    if (entry.version === VERSION && Date.now() - entry.checkedAt < RECHECK_SAVED_MS) { continue; }
    try {
      const response = await fetch(listUrl, { credentials: "same-origin" });
      if (response.status === 404) { await removeBundle(listUrl); continue; }
      if (!response.ok) { continue; }
      const bundle = await response.json();
      if (bundle.stamp !== entry.stamp || entry.version !== VERSION) {
        await saveBundle(listUrl);
      } else {
        entry.checkedAt = Date.now();
        const fresh = await readJson(META_CACHE, INDEX_KEY, {});
        if (fresh[listUrl]) { fresh[listUrl].checkedAt = entry.checkedAt; }
        await writeJson(META_CACHE, INDEX_KEY, fresh);
      }
    } catch (error) { return; }  // offline: try on the next online page
  }
}

async function status() {
  return {
    account: await currentAccount(),
    saved: await readJson(META_CACHE, INDEX_KEY, {}),
    waiting: (await readJson(META_CACHE, QUEUE_KEY, [])).length,
  };
}

const HANDLERS = {
  status: () => status(),
  save: (data) => saveBundle(data.listUrl),
  // Certificates and cards from the officer's dashboard: fetched once (a certificate never changes; a
  // card page opened online is refreshed like any page), not on every visit.
  saveUrls: async (data) => {
    const account = await currentAccount();
    if (account === NO_ACCOUNT) { return { ok: false }; }
    const pages = await caches.open(pagesCacheName(account));
    let bytes = 0;
    for (const url of data.urls) {
      const href = new URL(url, self.location.origin).href;
      if (await pages.match(href)) { continue; }
      try {
        // Told to keep by the officer's own dashboard (the account was settled by its page), so
        // kept without the save header: the certificate download skips the role queries.
        const response = await fetch(url, { credentials: "same-origin" });
        if (response.ok && !response.redirected) {
          bytes += (await storeCopy(pagesCacheName(account), href, response)).size;
        }
      } catch (error) { /* offline */ }
    }
    return { ok: true, bytes: bytes };
  },
  remove: (data) => removeBundle(data.listUrl),
  replay: (data) => replayQueue(data.csrfToken),
  refresh: () => refreshSaved(),
  forget: async () => { await wipeAccountData(); return { ok: true }; },
};

/* Every message gets an answer on the port it brought (a MessageChannel from offline.js). */
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const handler = HANDLERS[data.type];
  const port = event.ports && event.ports[0];
  if (!handler) { return; }
  const work = Promise.resolve(handler(data)).then(
    (result) => { if (port) { port.postMessage(result); } },
    (error) => { if (port) { port.postMessage({ ok: false, error: String(error) }); } },
  );
  event.waitUntil(work);
});
