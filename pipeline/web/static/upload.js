// Drag-and-drop upload with a byte progress bar; the server's job table then polls itself (htmx).
(function () {
  var form = document.getElementById("upload"), drop = document.getElementById("drop"),
      input = document.getElementById("files"), bar = document.getElementById("bar");
  if (!form) return;
  ["dragenter", "dragover"].forEach(function (e) {
    drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (e) {
    drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (ev) { input.files = ev.dataTransfer.files; send(); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); send(); });
  function send() {
    if (!input.files.length) return;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    bar.hidden = false; bar.value = 0;
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
    xhr.onload = function () {
      bar.value = 100;
      var box = document.getElementById("jobs"), div = document.createElement("div");
      div.innerHTML = xhr.responseText;
      var job = div.querySelector(".job"), err = div.querySelector("#error");
      if (job) { box.insertBefore(job, box.firstChild); htmx.process(job); }
      else if (err) { box.insertBefore(err, box.firstChild); }
      input.value = "";
    };
    xhr.send(new FormData(form));
  }
})();
