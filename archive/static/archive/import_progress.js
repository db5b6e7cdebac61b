// An import run's page while it runs: poll its progress JSON and update the numbers; reload
// the page for the report once the run is over. Without JavaScript a <noscript> refresh does it.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !window.fetch) { return; }
  function set(name, value) {
    var el = box.querySelector('[data-progress="' + name + '"]');
    if (el) { el.textContent = value; }
  }
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (p) {
        if (p.finished) { window.location.reload(); return; }
        ["status_label", "done", "total", "created", "failed"].forEach(function (k) { set(k, p[k]); });
        set("time_left", p.seconds_left === null ? "not known yet" : "about " + p.seconds_left + " s");
        var bar = box.querySelector('[data-progress="bar"]');
        if (bar) { bar.max = Math.max(p.total, 1); bar.value = p.done; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
