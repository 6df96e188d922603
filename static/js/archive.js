// Progressive enhancement: "Copy citation" buttons. Without JavaScript the citation text stays readable.
document.querySelectorAll("button.copy-cite").forEach(function (button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.cite).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy citation"; }, 1500);
    });
  });
});
