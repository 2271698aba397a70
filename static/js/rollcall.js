/* Roll call: keep the rotating check-in code and QR fresh; arrow keys move between slides.
   Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-code-url]");
  if (panel) {
    var codeEl = panel.querySelector("[data-code]");
    var secondsEl = panel.querySelector("[data-seconds]");
    var qr = panel.querySelector(".checkin-qr");
    var refresh = function () {
      fetch(panel.getAttribute("data-code-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || !data.open) { return; }
          codeEl.textContent = data.code;
          if (secondsEl) { secondsEl.textContent = data.seconds_left; }
          if (qr && data.qr) { qr.src = data.qr; }
          window.setTimeout(refresh, Math.max(1, data.seconds_left) * 1000 + 250);
        })
        .catch(function () { window.setTimeout(refresh, 5000); });
    };
    window.setTimeout(refresh, (parseInt(secondsEl ? secondsEl.textContent : "5", 10) || 5) * 1000 + 250);
  }
  var slides = document.querySelectorAll(".slide");
  if (slides.length) {
    var current = function () {
      var match = /^#slide-(\d+)$/.exec(window.location.hash);
      return match ? parseInt(match[1], 10) : 1;
    };
    document.addEventListener("keydown", function (event) {
      var n = current();
      if (event.key === "ArrowRight" || event.key === "PageDown" || event.key === " ") {
        n = Math.min(slides.length, n + 1);
      } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
        n = Math.max(1, n - 1);
      } else { return; }
      event.preventDefault();
      window.location.hash = "#slide-" + n;
    });
  }
})();
