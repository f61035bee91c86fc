// What a person does on the page before its WASM is live is kept, then done again once
// it is (see `BEFORE_HYDRATION_SCRIPT` in ui/mod.rs for why and how).
//
// Until <body data-hydrated> appears:
// - every `input` and `change` event is noted (the field and its last value): hydration
//   sets each field back to the value it was drawn with, so the notes are put back
//   afterwards and the same events sent again, which the page's own handlers then save
//   as drafts or answers as if the person had typed just then;
// - a tap on a button that needs the page's code is held, the button marked busy
//   (aria-busy), and tapped again once the page is live; a submit button of a form that
//   posts to the server (<form action>) works on its own and is left alone;
// - submitting a form without an action (pressing Enter in a field) is held the same way.
(function () {
  // A page the server sent without code (app::PAGES_WITHOUT_CODE) works as drawn: it is
  // live at once, and nothing is held.
  var script = document.currentScript;
  if (script && script.getAttribute("data-live") === "drawn") {
    var mark = function () {
      document.body.setAttribute("data-hydrated", "true");
    };
    if (document.body) mark();
    else document.addEventListener("DOMContentLoaded", mark);
    return;
  }
  var fields = new Map();
  var taps = [];
  var live = function () {
    return document.body !== null && document.body.hasAttribute("data-hydrated");
  };
  var note = function (event) {
    var el = event.target;
    if (live() || !el || el.type === "file" || !("value" in el)) return;
    var seen = fields.get(el);
    var types = seen ? seen.types : [];
    if (types.indexOf(event.type) < 0) types.push(event.type);
    fields.delete(el); // the last change goes last
    fields.set(el, { value: el.value, checked: el.checked, types: types, id: el.id });
  };
  document.addEventListener("input", note, true);
  document.addEventListener("change", note, true);
  var hold = function (event, el) {
    event.preventDefault();
    event.stopImmediatePropagation();
    if (taps.indexOf(el) < 0) {
      taps.push(el);
      el.setAttribute("aria-busy", "true");
    }
  };
  document.addEventListener("click", function (event) {
    if (live() || !event.target.closest) return;
    var button = event.target.closest("button");
    if (!button || button.disabled) return;
    if (button.type === "submit" && button.form && button.form.hasAttribute("action")) return;
    hold(event, button);
  }, true);
  document.addEventListener("submit", function (event) {
    if (live() || event.target.hasAttribute("action")) return;
    hold(event, event.target);
  }, true);
  var replay = function () {
    fields.forEach(function (noted, el) {
      if (!el.isConnected) el = noted.id ? document.getElementById(noted.id) : null;
      if (!el) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = noted.checked;
      else el.value = noted.value;
      noted.types.forEach(function (type) {
        el.dispatchEvent(new Event(type, { bubbles: true }));
      });
    });
    fields.clear();
    taps.forEach(function (el) {
      el.removeAttribute("aria-busy");
      if (!el.isConnected) return;
      if (el.tagName === "FORM") el.requestSubmit();
      else el.click();
    });
    taps = [];
  };
  new MutationObserver(function (changes, observer) {
    if (!live()) return;
    observer.disconnect();
    // After the effects the page runs as it comes alive (a draft kept on the device).
    setTimeout(replay, 0);
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
})();
