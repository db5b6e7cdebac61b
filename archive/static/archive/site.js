// Progressive enhancement only: every page works without this file.
// Changing "Sort by" or "Per page" applies at once instead of waiting for the Apply button.
document.addEventListener("change", (event) => {
  const control = event.target;
  if (!(control instanceof HTMLSelectElement)) return;
  if (control.name !== "ordering" && control.name !== "per_page") return;
  if (control.form) control.form.requestSubmit();
});
