// Progressive enhancement: "Copy citation" buttons. Without JavaScript the citation stays readable:
// each paragraph's "Cite" disclosure shows the formal citation and its permanent address.
(function () {
  if (!navigator.clipboard) return;

  function paragraphText(para) {
    // the paragraph's words without its footnote markers (they are not part of the quoted text)
    var text = para.querySelector(".text").cloneNode(true);
    text.querySelectorAll("sup.fn-marker").forEach(function (m) { m.remove(); });
    return text.textContent.replace(/\s+/g, " ").trim();
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
  }

  document.querySelectorAll("button.copy-cite").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var para = document.getElementById(button.dataset.target);
      var cite = para.querySelector(".cite-formal").textContent.trim();
      var link = para.querySelector(".cite-link").href;
      var words = paragraphText(para);
      var plain = cite + ": “" + words + "” " + link;
      var html = '<a href="' + escapeHtml(link) + '">' + escapeHtml(cite) + "</a>: “" + escapeHtml(words) + "”";
      var done = function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy citation with text"; }, 1500);
      };
      if (window.ClipboardItem && navigator.clipboard.write) {
        navigator.clipboard.write([new ClipboardItem({
          "text/plain": new Blob([plain], {type: "text/plain"}),
          "text/html": new Blob([html], {type: "text/html"})
        })]).then(done, function () { navigator.clipboard.writeText(plain).then(done); });
      } else {
        navigator.clipboard.writeText(plain).then(done);
      }
    });
  });
})();
