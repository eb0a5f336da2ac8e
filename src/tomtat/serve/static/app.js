// tomtat's page: plain JavaScript, no build step. Input text is only ever set with textContent/value,
// never parsed as HTML. Offsets from the API count Unicode code points, so text is sliced by code point.
"use strict";

const $ = (sel) => document.querySelector(sel);
const form = $("#form");
const list = $("#articles");
const template = $("#article-card");
const statusLine = $("#status");
const goButton = $("#go");
const FILE_SUFFIXES = [".txt", ".html", ".htm"];
let last = null; // the latest API response

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- article cards ---------------------------------------------------------

function addCard(content = {}) {
  const card = template.content.firstElementChild.cloneNode(true);
  const title = card.querySelector(".title");
  const text = card.querySelector(".text");
  if (content.file) {
    card.file = content.file;
    title.value = content.file.name;
    title.disabled = true;
    text.hidden = true;
    const note = card.querySelector(".file-note");
    note.hidden = false;
    note.textContent = `Tệp ${formatSize(content.file.size)}, đọc trên máy chủ` +
      (/\.html?$/i.test(content.file.name) ? " (lấy phần nội dung bài từ trang web)" : "");
  } else {
    title.value = content.title || "";
    text.value = content.text || "";
  }
  card.querySelector(".remove").addEventListener("click", () => {
    card.remove();
    if (!list.children.length) addCard();
    renumber();
  });
  list.append(card);
  renumber();
  return card;
}

function renumber() {
  [...list.children].forEach((card, k) => {
    card.querySelector(".num").textContent = String(k + 1);
    card.querySelector(".text").setAttribute("aria-label", `Nội dung bài ${k + 1}`);
  });
}

function isEmpty(card) {
  return !card.file && !card.querySelector(".text").value.trim();
}

function formatSize(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toLocaleString("vi-VN", { maximumFractionDigits: 1 })} KB`;
}

function addFiles(files) {
  const wanted = [...files].filter((f) => FILE_SUFFIXES.some((s) => f.name.toLowerCase().endsWith(s)));
  const skipped = files.length - wanted.length;
  if (!wanted.length) {
    showStatus("Chỉ nhận tệp .txt, .html hoặc .htm.", true);
    return;
  }
  [...list.children].filter(isEmpty).forEach((card) => card.remove());
  wanted.forEach((file) => addCard({ file }));
  showStatus(skipped ? `Đã bỏ qua ${skipped} tệp không phải .txt/.html.` : "");
}

// ---- talking to the API ----------------------------------------------------

function showStatus(message, isError = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", isError);
}

async function loadMethods() {
  try {
    const res = await fetch("/v1/methods");
    const data = await res.json();
    const select = $("#method");
    select.replaceChildren();
    for (const m of data.methods) {
      const option = el("option", "", m.default ? `${m.name} (mặc định)` : m.name);
      option.value = m.default ? "" : m.name;
      option.title = m.description;
      if (m.default) select.prepend(option);
      else select.append(option);
    }
    select.value = "";
  } catch (e) {
    /* the default method still works */
  }
}

function buildRequest(cards) {
  const method = $("#method").value || undefined;
  const words = $("#length").value ? Number($("#length").value) : undefined;
  if (cards.some((card) => card.file)) {
    const body = new FormData();
    for (const card of cards) {
      if (card.file) body.append("files", card.file, card.file.name);
      else body.append("document", JSON.stringify(cardDocument(card)));
    }
    if (method) body.append("method", method);
    if (words) body.append("words", String(words));
    return { method: "POST", body };
  }
  return {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ documents: cards.map(cardDocument), method, words }),
  };
}

function cardDocument(card) {
  const doc = { text: card.querySelector(".text").value };
  const title = card.querySelector(".title").value.trim();
  if (title) doc.title = title;
  return doc;
}

async function summarize(event) {
  if (event) event.preventDefault();
  [...list.children].forEach((card) => card.classList.remove("invalid"));
  const cards = [...list.children].filter((card) => !isEmpty(card));
  if (!cards.length) {
    showStatus("Hãy dán ít nhất một bài báo (tốt nhất là vài bài về cùng một sự kiện).", true);
    return;
  }
  goButton.disabled = true;
  showStatus("Đang tóm tắt…");
  const started = performance.now();
  try {
    const res = await fetch("/v1/summarize", buildRequest(cards));
    let data;
    try {
      data = await res.json();
    } catch (e) {
      throw new Error(`Máy chủ trả lời không đúng định dạng (HTTP ${res.status}).`);
    }
    if (!res.ok) {
      const err = (data && data.error) || {};
      const at = /^(documents|document|files)\[(\d+)\]/.exec(err.field || "");
      if (at && at[1] === "documents" && cards[Number(at[2])]) cards[Number(at[2])].classList.add("invalid");
      throw new Error(err.message || `Lỗi HTTP ${res.status}`);
    }
    last = data;
    render(data);
    const ms = performance.now() - started;
    showStatus(`Xong trong ${(ms / 1000).toLocaleString("vi-VN", { maximumFractionDigits: 2 })} giây.`);
    const result = $("#result");
    if (result.getBoundingClientRect().top > window.innerHeight * 0.6) result.scrollIntoView({ behavior: "smooth" });
  } catch (e) {
    showStatus(e.message || String(e), true);
  } finally {
    goButton.disabled = false;
  }
}

async function loadDemo() {
  showStatus("Đang tải ví dụ…");
  try {
    const res = await fetch("/v1/example");
    const data = await res.json();
    list.replaceChildren();
    for (const doc of data.documents) addCard({ title: doc.title || "", text: doc.text });
    await summarize();
  } catch (e) {
    showStatus("Không tải được ví dụ.", true);
  }
}

// ---- the result: summary sentences linked to their source sentences -------

function render(data) {
  const numberOf = new Map(data.articles.map((a, k) => [a.name, k + 1]));
  const summary = $("#summary");
  summary.replaceChildren();
  data.sentences.forEach((s, i) => {
    const span = el("span", "sent", s.text);
    span.dataset.i = String(i);
    span.tabIndex = 0;
    const article = data.articles[numberOf.get(s.document) - 1];
    span.title = `Từ bài ${numberOf.get(s.document)}: ${article.title || article.name}`;
    const ref = el("sup", "ref", `[${numberOf.get(s.document)}]`);
    summary.append(span, ref, document.createTextNode(" "));
  });

  const meta = [
    data.method,
    `${data.words} âm tiết`,
    `${data.sentences.length} câu`,
    `từ ${data.articles.length} bài`,
  ];
  $("#meta").textContent = meta.join(" · ");

  const warnings = $("#warnings");
  warnings.replaceChildren(...(data.warnings || []).map((w) => el("li", "", w)));

  const sources = $("#sources");
  sources.replaceChildren();
  data.articles.forEach((article, k) => {
    const picked = data.sentences
      .map((s, i) => ({ ...s, i }))
      .filter((s) => s.document === article.name)
      .sort((a, b) => a.start - b.start);
    sources.append(renderArticle(article, k + 1, picked));
  });

  $("#result").hidden = false;
  bindHighlights();
}

function renderArticle(article, number, picked) {
  const box = el("article", "source");
  box.id = `source-${number}`;
  const head = el("h3");
  head.append(el("span", "num", String(number)), el("span", "", article.title || article.name));
  box.append(head);
  if (article.title) box.append(el("p", "name", article.name));
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
    const mark = el("mark", "src-sent");
    mark.dataset.i = String(s.i);
    let pos = s.start;
    for (const [a, b] of kept) {
      if (a > pos) mark.append(el("span", "dropped", chars.slice(pos, a).join("")));
      mark.append(document.createTextNode(chars.slice(a, b).join("")));
      pos = b;
    }
    if (pos < s.end) mark.append(el("span", "dropped", chars.slice(pos, s.end).join("")));
    paragraph.append(mark);
    at = s.end;
  }
  put(chars.slice(at).join(""));
  [...body.children].forEach((p) => { if (!p.childNodes.length) p.remove(); });
  return box;
}

let pinned = null;

function setHighlight(i) {
  document.querySelectorAll(".hl").forEach((node) => node.classList.remove("hl"));
  if (i === null) return [];
  const marks = [...document.querySelectorAll(`.src-sent[data-i="${i}"], .sent[data-i="${i}"]`)];
  marks.forEach((node) => node.classList.add("hl"));
  return marks;
}

// Brings a source sentence into view inside the sources pane without moving the page.
function revealInPane(node) {
  const pane = document.querySelector(".sources-pane");
  if (pane.scrollHeight <= pane.clientHeight) return false;
  const top = node.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  if (top < 40 || top > pane.clientHeight - 40) pane.scrollBy({ top: top - pane.clientHeight / 3, behavior: "smooth" });
  return true;
}

function bindHighlights() {
  pinned = null;
  for (const sent of document.querySelectorAll(".sent")) {
    const i = sent.dataset.i;
    const show = () => {
      const marks = setHighlight(i);
      const source = marks.find((m) => m.classList.contains("src-sent"));
      if (source) revealInPane(source);
    };
    sent.addEventListener("mouseenter", show);
    sent.addEventListener("focus", show);
    sent.addEventListener("mouseleave", () => setHighlight(pinned));
    sent.addEventListener("click", () => {
      pinned = pinned === i ? null : i;
      const marks = setHighlight(pinned ?? i);
      const source = marks.find((m) => m.classList.contains("src-sent"));
      if (source && !revealInPane(source)) source.scrollIntoView({ behavior: "smooth", block: "center" });
    });
    sent.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        sent.click();
      }
    });
  }
  for (const mark of document.querySelectorAll(".src-sent")) {
    const i = mark.dataset.i;
    mark.addEventListener("mouseenter", () => setHighlight(i));
    mark.addEventListener("mouseleave", () => setHighlight(pinned));
    mark.addEventListener("click", () => {
      pinned = i;
      const marks = setHighlight(i);
      const sent = marks.find((m) => m.classList.contains("sent"));
      if (sent && window.matchMedia("(max-width: 820px)").matches) sent.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  }
}

// ---- copy and download -----------------------------------------------------

function markdown(data) {
  const numberOf = new Map(data.articles.map((a, k) => [a.name, k + 1]));
  const body = data.sentences.map((s) => `${s.text} [${numberOf.get(s.document)}]`).join(" ");
  const sources = data.articles
    .map((a, k) => `${k + 1}. ${a.title ? `${a.title} (${a.name})` : a.name}`)
    .join("\n");
  return `# Tóm tắt\n\n${body}\n\n**Nguồn**\n\n${sources}\n`;
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function copySummary() {
  if (!last) return;
  try {
    await navigator.clipboard.writeText(last.summary);
  } catch (e) {
    const area = el("textarea");
    area.value = last.summary;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  showStatus("Đã sao chép bản tóm tắt.");
}

// ---- wiring ------------------------------------------------------------------

form.addEventListener("submit", summarize);
$("#add").addEventListener("click", () => addCard().querySelector(".text").focus());
$("#demo").addEventListener("click", loadDemo);
$("#file").addEventListener("change", (e) => {
  addFiles(e.target.files);
  e.target.value = "";
});
$("#copy").addEventListener("click", copySummary);
$("#dl-md").addEventListener("click", () => last && download("tom-tat.md", "text/markdown;charset=utf-8", markdown(last)));
$("#dl-json").addEventListener("click", () => last && download("tom-tat.json", "application/json", JSON.stringify(last, null, 2) + "\n"));
for (const type of ["dragenter", "dragover"]) {
  form.addEventListener(type, (e) => {
    if ([...(e.dataTransfer?.types || [])].includes("Files")) {
      e.preventDefault();
      form.classList.add("dragging");
    }
  });
}
form.addEventListener("dragleave", (e) => {
  if (!form.contains(e.relatedTarget)) form.classList.remove("dragging");
});
form.addEventListener("drop", (e) => {
  form.classList.remove("dragging");
  if (e.dataTransfer?.files?.length) {
    e.preventDefault();
    addFiles(e.dataTransfer.files);
  }
});

addCard();
addCard();
loadMethods();
