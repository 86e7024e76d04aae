// The "Print" buttons of document pages: shown only where scripts run (CSP allows this file).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
