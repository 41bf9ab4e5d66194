// Progressive enhancement: a form marked data-swap="#id" refreshes that element in place
// when one of its fields changes (the server sends only the fragment for X-Swap requests),
// and the address bar keeps a shareable URL. Without this script the form submits normally.
document.addEventListener("change", function (event) {
  var form = event.target.form;
  if (!form || !form.dataset.swap) return;
  var target = document.querySelector(form.dataset.swap);
  if (!target) return;
  var query = new URLSearchParams(new FormData(form)).toString();
  var url = form.getAttribute("action") + (query ? "?" + query : "");
  target.setAttribute("aria-busy", "true");
  fetch(url, { headers: { "X-Swap": "1" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.text();
    })
    .then(function (html) {
      target.outerHTML = html;
      history.replaceState(null, "", url);
    })
    .catch(function (error) {
      target.removeAttribute("aria-busy");
      target.insertAdjacentHTML("afterbegin", '<p class="error" role="alert"></p>');
      target.querySelector(".error").textContent = error.message;
    });
});
