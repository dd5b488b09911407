// Shows an upload's progress, then that the server is checking the rows. Without JavaScript the
// form posts as usual.
(function () {
  const form = document.getElementById("upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const bar = document.getElementById(form.dataset.progress);
  const status = document.getElementById("upload-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    bar.hidden = false;
    status.hidden = false;
    status.textContent = status.dataset.sending;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    request.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // indeterminate while the rows are checked
      status.textContent = status.dataset.checking;
    });
    request.addEventListener("load", function () {
      // The preview (after the redirect) or the form with its errors: show it where it belongs.
      if (request.responseURL) window.history.replaceState(null, "", request.responseURL);
      document.open();
      document.write(request.responseText);
      document.close();
    });
    form.querySelector("button[type=submit]").disabled = true;
    request.send(new FormData(form));
  });
})();
