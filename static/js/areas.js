// The user form's area lists (province → district → tambon), progressively enhanced. Without
// JavaScript, "show the districts and tambons" reloads the form with the next list filled in.
// With it: only the lists the chosen role needs are shown, and changing a list fills the next one
// by asking the server for the same form, without leaving the page or losing what was typed.
(function () {
  const form = document.querySelector("form[data-areas]");
  if (!form || !window.fetch || !window.DOMParser) return;
  const role = form.querySelector("select[data-levels]");
  const refresh = form.querySelector("#refresh-areas");
  const lists = ["province", "district", "tambon"].map(function (name) {
    return form.querySelector('select[data-area="' + name + '"]');
  });
  if (!role || !refresh || lists.indexOf(null) !== -1) return;
  const levels = JSON.parse(role.dataset.levels);
  refresh.parentElement.hidden = true;

  function showLists() {
    const needed = (levels[role.value] || 0) / 2; // 1 province, 2 district, 3 tambon
    lists.forEach(function (select, i) {
      select.closest(".field").hidden = i >= needed;
    });
  }

  function fill(changed) {
    const data = new FormData(form);
    data.set("refresh", "1");
    data.delete("password");
    fetch(form.action || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        const page = new DOMParser().parseFromString(html, "text/html");
        lists.slice(changed + 1).forEach(function (select) {
          const fresh = page.querySelector('select[data-area="' + select.dataset.area + '"]');
          if (fresh) select.innerHTML = fresh.innerHTML;
        });
      })
      .catch(function () {
        refresh.parentElement.hidden = false; // let the person reload the lists by hand
      });
  }

  role.addEventListener("change", showLists);
  lists.slice(0, 2).forEach(function (select, i) {
    select.addEventListener("change", function () {
      fill(i);
    });
  });
  showLists();
})();
