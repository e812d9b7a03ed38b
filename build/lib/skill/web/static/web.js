// Progressive enhancement only: every action also works without script (confirm pages, plain forms).
"use strict";
document.addEventListener("click", (event) => {
  const opener = event.target.closest("[data-dialog]");
  if (opener) {
    const dialog = document.getElementById(opener.dataset.dialog);
    if (dialog && typeof dialog.showModal === "function") {
      event.preventDefault();
      dialog.showModal();
      const first = dialog.querySelector("[autofocus]");
      if (first) first.focus();
    }
    return;
  }
  const closer = event.target.closest("[data-close]");
  if (closer) {
    const dialog = closer.closest("dialog");
    if (dialog) dialog.close();
  }
});
// A click on the dimmed backdrop closes a dialog too.
document.addEventListener("click", (event) => {
  if (event.target instanceof HTMLDialogElement) {
    const box = event.target.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right &&
                   event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) event.target.close();
  }
});
// Filter forms: leave empty choices out of the address (?camera=garage, not ?camera=garage&label=&day=).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "get") return;
  for (const field of form.elements) {
    if (field.name && field.value === "" && !field.disabled) {
      field.disabled = true;
      field.dataset.wasEmpty = "1";
    }
  }
});
// Coming back with the browser's Back button: the fields are usable again.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("[data-was-empty]").forEach((field) => {
    field.disabled = false;
    delete field.dataset.wasEmpty;
  });
});
