/* Roll Call on the officer's phone: installs the service worker (/sw.js), offers "Save for
   offline" and "Add to home screen", sends lesson completions kept offline, and wipes this
   person's copies before signing out. Progressive enhancement only: every page works without
   this file, and the buttons it drives stay hidden where service workers are not supported. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.isSecureContext) { return; }

  var PAGES_PREFIX = "rollcall-pages-";
  var installPrompt = null;

  /* Ask the worker something and wait for its answer (on a MessageChannel of our own). */
  function ask(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      var worker = navigator.serviceWorker.controller || registration.active;
      if (!worker) { return null; }
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        worker.postMessage(message, [channel.port2]);
      });
    });
  }

  function kilobytes(bytes) {
    if (bytes >= 1024 * 1024) { return (bytes / 1024 / 1024).toFixed(1) + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function savedOn(iso) {
    return new Date(iso).toLocaleString("en-US", { dateStyle: "long", timeStyle: "short" });
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  /* A short note at the top of the page, read out by screen readers. */
  function notice(text) {
    var main = document.getElementById("main");
    if (!main) { return; }
    var box = document.querySelector("[data-offline-notice]");
    if (!box) {
      box = document.createElement("div");
      box.className = "offline-banner";
      box.setAttribute("role", "status");
      box.setAttribute("data-offline-notice", "");
      main.parentNode.insertBefore(box, main);
    }
    box.textContent = text;
  }

  function showWaiting(state) {
    if (state && state.waiting) {
      notice(state.waiting === 1
        ? "1 lesson completion is kept on this phone and will be sent when you are back online."
        : state.waiting + " lesson completions are kept on this phone and will be sent when you are back online.");
    } else {
      var box = document.querySelector("[data-offline-notice]");
      if (box) { box.remove(); }
    }
  }

  /* Send what was kept offline, then bring saved courses up to date. */
  function sync() {
    if (!navigator.onLine) { return Promise.resolve(); }
    return ask({ type: "replay", csrfToken: csrfToken() }).then(function (result) {
      showWaiting(result);
      if (result && result.sent) {
        notice(result.sent === 1 ? "Your lesson completion was sent." : result.sent + " lesson completions were sent.");
      }
      return ask({ type: "refresh" });
    });
  }

  /* ---------- "Save for offline" on a course page ---------- */
  function courseSaver(section) {
    var listUrl = section.getAttribute("data-offline-course");
    var statusText = section.querySelector("[data-offline-status]");
    var saveButton = section.querySelector("[data-offline-save]");
    var removeButton = section.querySelector("[data-offline-remove]");
    function show(entry) {
      if (entry) {
        statusText.textContent = "Saved on this phone on " + savedOn(entry.savedAt) + ": " +
          entry.pages + " pages, " + kilobytes(entry.bytes) + ". Saved lessons are replaced by new versions when you are online.";
        saveButton.textContent = "Save again";
        removeButton.hidden = false;
      } else {
        statusText.textContent = "Not saved on this phone yet. Saving keeps every lesson and the quick reference card for reading without signal.";
        saveButton.textContent = "Save for offline";
        removeButton.hidden = true;
      }
    }
    section.hidden = false;
    ask({ type: "status" }).then(function (state) { show(state && state.saved[listUrl]); });
    saveButton.addEventListener("click", function () {
      saveButton.disabled = true;
      statusText.textContent = "Saving…";
      ask({ type: "save", listUrl: listUrl }).then(function (result) {
        saveButton.disabled = false;
        if (result && result.ok) { show(result.entry); } else {
          statusText.textContent = "Could not save: check your connection and try again.";
        }
      });
    });
    removeButton.addEventListener("click", function () {
      ask({ type: "remove", listUrl: listUrl }).then(function () { show(null); });
    });
  }

  /* ---------- the officer's dashboard: install hint, assigned courses kept without asking ---------- */
  function dashboard(section) {
    var data = document.getElementById("offline-saves");
    var saves = data ? JSON.parse(data.textContent) : { courses: [], urls: [] };
    var statusText = section.querySelector("[data-offline-status]");
    section.hidden = false;
    var hint = section.querySelector("[data-install-hint]");
    function offerInstall() {
      if (!installPrompt || !hint) { return; }
      hint.hidden = false;
      hint.querySelector("[data-install]").onclick = function () {
        installPrompt.prompt();
        installPrompt.userChoice.then(function () { hint.hidden = true; installPrompt = null; });
      };
    }
    offerInstall();
    window.addEventListener("rollcall:installable", offerInstall);
    var saveData = navigator.connection && navigator.connection.saveData;
    if (!navigator.onLine || saveData) { return; }
    ask({ type: "status" }).then(function (state) {
      var missing = saves.courses.filter(function (url) { return !(state && state.saved[url]); });
      var work = missing.reduce(function (previous, url) {
        return previous.then(function () { return ask({ type: "save", listUrl: url }); });
      }, Promise.resolve()).then(function () { return ask({ type: "saveUrls", urls: saves.urls }); });
      return work.then(function () { return ask({ type: "status" }); });
    }).then(function (state) {
      if (!state || !state.saved) { return; }
      var names = Object.keys(state.saved).map(function (key) { return state.saved[key]; });
      if (!names.length) { return; }
      var bytes = names.reduce(function (sum, entry) { return sum + entry.bytes; }, 0);
      statusText.textContent = "Kept on this phone for reading without signal: " +
        names.map(function (entry) { return entry.title; }).join(", ") +
        " (" + kilobytes(bytes) + "), with your certificates and cards.";
    });
  }

  /* ---------- the offline page: what can be read ---------- */
  function savedList(section) {
    ask({ type: "status" }).then(function (state) {
      var list = section.querySelector("[data-offline-saved-list]");
      Object.keys((state && state.saved) || {}).forEach(function (key) {
        var entry = state.saved[key];
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.urls[0];
        link.textContent = entry.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      section.hidden = !list.children.length;
    });
  }

  /* ---------- forms that need the server ---------- */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var action = form.getAttribute("action") || "";
    if ((form.method || "").toLowerCase() !== "post") { return; }
    if (/\/accounts\/logout\/$/.test(action)) {
      // Shared phones: this person's copies go as the sign-out is sent. Not held back: the
      // server's Clear-Site-Data and the signed-out page that follows wipe them too.
      if (navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "forget" });
      }
      caches.keys().then(function (names) {
        names.filter(function (name) {
          return name.indexOf(PAGES_PREFIX) === 0 || name === "rollcall-meta";
        }).forEach(function (name) { caches.delete(name); });
      });
      return;
    }
    if (navigator.onLine || /\/learn\/lessons\/\d+\/complete\/$/.test(action)) { return; }
    // Quiz answers and every other form are marked on the server: say so and keep the place.
    event.preventDefault();
    var note = form.querySelector("[data-needs-connection]");
    if (!note) {
      note = document.createElement("p");
      note.className = "message message--warning";
      note.setAttribute("role", "alert");
      note.setAttribute("data-needs-connection", "");
      form.insertBefore(note, form.firstChild);
    }
    note.textContent = form.classList.contains("quiz-form") || /\/quiz\//.test(action)
      ? "The quiz needs a connection: answers are marked on the server, never on this phone. Nothing was sent and your place is kept; press the button again when you have signal."
      : "This needs a connection. Nothing was sent; press the button again when you have signal.";
  });

  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();  // offered from the dashboard's own button instead
    installPrompt = event;
    window.dispatchEvent(new Event("rollcall:installable"));
  });

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    var course = document.querySelector("[data-offline-course]");
    if (course) { courseSaver(course); }
    var board = document.querySelector("[data-offline-dashboard]");
    if (board) { dashboard(board); }
    var saved = document.querySelector("[data-offline-saved]");
    if (saved) { savedList(saved); }
    ask({ type: "status" }).then(showWaiting);
    sync();
  }).catch(function () { /* no worker: the site works as before */ });
  window.addEventListener("online", sync);
})();
