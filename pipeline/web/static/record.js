// The source table scrolled to the record's row (inside its own box, the page stays put).
(function () {
  var row = document.querySelector("table.src tr.mark"), box = document.querySelector(".srcbox");
  if (row && box) box.scrollTop = row.offsetTop - box.clientHeight / 3;
})();
