// What both views of the page build: elements holding text, and a source article with its summary
// sentences marked. Text is only ever set with textContent or text nodes, never parsed as HTML.
// Offsets from the API count Unicode code points, so text is sliced by code point.

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// An article's cleaned text, paragraph by paragraph, with the sentences `picked` from it marked
// (`picked`: the API's sentences, each with `i`, its number in the summary, sorted by `start`).
// `mark`: the marks' class; `heading`: the heading's tag, for where the article sits in the page.
export function renderArticle(view, picked, { mark = "src-sent", heading = "h3" } = {}) {
  const { article, number } = view;
  const box = el("article", "source");
  const head = el(heading);
  head.append(el("span", "num", String(number)), el("span", "", view.heading));
  box.append(head);
  if (article.title) box.append(el("p", "name", view.label));
  const body = el("div", "body");
  box.append(body);

  const chars = Array.from(article.text); // code points, as the API counts
  let paragraph = el("p");
  body.append(paragraph);
  // Appends plain text to the current paragraph, starting a new paragraph at each newline.
  const put = (text) => {
    text.split("\n").forEach((piece, k) => {
      if (k > 0) {
        paragraph = el("p");
        body.append(paragraph);
      }
      if (piece) paragraph.append(document.createTextNode(piece));
    });
  };
  let at = 0;
  for (const s of picked) {
    if (s.start < at) continue; // overlapping picks cannot happen; be safe anyway
    put(chars.slice(at, s.start).join(""));
    const kept = s.spans && s.spans.length ? s.spans : [[s.start, s.end]];
    // A sentence never spans paragraphs (the split stage splits paragraphs first): one mark.
    const node = el("mark", mark);
    node.dataset.i = String(s.i);
    let pos = s.start;
    for (const [a, b] of kept) {
      if (a > pos) node.append(el("span", "dropped", chars.slice(pos, a).join("")));
      node.append(document.createTextNode(chars.slice(a, b).join("")));
      pos = b;
    }
    if (pos < s.end) node.append(el("span", "dropped", chars.slice(pos, s.end).join("")));
    paragraph.append(node);
    at = s.end;
  }
  put(chars.slice(at).join(""));
  [...body.children].forEach((p) => { if (!p.childNodes.length) p.remove(); });
  return box;
}
