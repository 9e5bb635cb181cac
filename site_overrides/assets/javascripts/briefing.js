/* Entry pages: "copy link" puts the entry's permanent URL on the clipboard. */
(function () {
  function permalink(button) {
    // The button carries the permanent URL relative to the page ("../../e/<id>/"): resolved
    // against the page, it gives e/<id>/ at whatever address the site is published, without
    // the page's own "index.html", query or fragment.
    var url = new URL(button.dataset.permalink || "", location.href);
    url.search = "";
    url.hash = "";
    return url.href;
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    return Promise.resolve();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".entry-copy");
    if (!button) return;
    var label = button.dataset.label || (button.dataset.label = button.textContent);
    copy(permalink(button)).then(function () {
      button.textContent = button.dataset.copied || "✓";
      setTimeout(function () { button.textContent = label; }, 1500);
    }, function () {
      // the clipboard was refused: show the link so that it can be copied by hand
      window.prompt(button.textContent, permalink(button));
    });
  });
})();
