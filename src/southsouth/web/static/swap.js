// Progressive enhancement: a form marked data-swap="#id" refreshes that element in place
// when one of its fields changes (the server sends only the fragment for X-Swap requests),
// and the address bar keeps a shareable URL. Without this script the form submits normally.
// Only the newest request of a form is applied (replies may arrive out of order).
var latest = 0;
document.addEventListener("change", function (event) {
  var form = event.target.form;
  if (!form || !form.dataset.swap) return;
  var selector = form.dataset.swap;
  var target = document.querySelector(selector);
  if (!target) return;
  var mine = ++latest;
  var query = new URLSearchParams(new FormData(form)).toString();
  var url = form.getAttribute("action") + (query ? "?" + query : "");
  target.setAttribute("aria-busy", "true");
  fetch(url, { headers: { "X-Swap": "1" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.text();
    })
    .then(function (html) {
      if (mine !== latest) return;
      document.querySelector(selector).outerHTML = html;
      history.replaceState(null, "", url);
    })
    .catch(function (error) {
      if (mine !== latest) return;
      var current = document.querySelector(selector);
      current.removeAttribute("aria-busy");
      current.insertAdjacentHTML("afterbegin", '<p class="error" role="alert"></p>');
      current.querySelector(".error").textContent = error.message;
    });
});
