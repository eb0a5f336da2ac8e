// tomtat's page: plain JavaScript modules, no build step. Input text is only ever set with textContent/value,
// never parsed as HTML. Offsets from the API count Unicode code points, so text is sliced by code point.

import { BAD_REPLY, NETWORK_ERROR, errorText, formatNumber, warningText } from "./messages.js";
import { hasSeparator, isOnlyUrls, markdownText, splitArticles } from "./text.js";
import { forgetDraft, loadDraft, storeDraft } from "./draft.js";
import { el, renderArticle } from "./dom.js";
import { initStories } from "./stories.js";

const $ = (sel) => document.querySelector(sel);
const form = $("#form");
const list = $("#articles");
const template = $("#article-card");
const statusLine = $("#status");
const goButton = $("#go");
const FILE_SUFFIXES = [".txt", ".html", ".htm"];
const NARROW = "(max-width: 820px)";
const URL_HINT =
  "Đây là địa chỉ web: tomtat không tải bài từ Internet. Hãy mở bài, chép phần nội dung rồi dán vào ô này (hoặc lưu trang thành tệp .html rồi bấm “Chọn tệp…”).";

const METHODS = {
  learned: ["Học từ bài mẫu", "Mô hình xếp hạng học từ các bản tóm tắt mẫu AbMuSu, tránh lặp ý"],
  ilp: ["Phủ ý chung (ILP)", "Phủ nhiều nhất các ý chung giữa các bài, tìm lời giải tối ưu"],
  mmr: ["Liên quan, ít lặp (MMR)", "Gần với tiêu đề và đoạn mở đầu, trừ đi phần đã nói"],
  lexrank: ["Đồ thị câu (LexRank)", "Câu ở trung tâm đồ thị độ giống nhau giữa các câu"],
  centroid: ["Trọng tâm (centroid)", "Câu gần trọng tâm của cụm bài, ưu tiên câu mở đầu"],
  lead: ["Câu mở đầu", "Lần lượt các câu mở đầu của từng bài"],
  firstlast: ["Câu đầu và cuối", "Câu đầu và câu cuối của mỗi bài (mốc so sánh AbMuSu 2022)"],
};

// What the page remembers between events: the latest answer and what it was asked, and the highlight.
const state = {
  last: null, // the latest API response
  sent: [], // the articles of the latest request: {card, number, label}
  pinned: null, // the summary sentence chosen by click or tap
  hovered: null,
  mouse: false, // the latest pointer was a mouse (hover means something only then)
  saveTimer: 0,
};

// ---- article cards ---------------------------------------------------------

function addCard(content = {}, after = null) {
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
  if (after) after.after(card);
  else list.append(card);
  renumber();
  checkUrl(card);
  return card;
}

function removeCard(card) {
  card.remove();
  if (!list.children.length) addCard();
  renumber();
  scheduleSave();
}

function cards() {
  return [...list.children];
}

function renumber() {
  cards().forEach((card, k) => {
    card.querySelector(".num").textContent = String(k + 1);
    card.querySelector(".title").setAttribute("aria-label", `Tiêu đề bài ${k + 1}`);
    card.querySelector(".text").setAttribute("aria-label", `Nội dung bài ${k + 1}`);
    card.querySelector(".card-msg").id = `card-msg-${k + 1}`;
    card.querySelector(".text").setAttribute("aria-describedby", `card-msg-${k + 1}`);
    card.querySelector(".remove").setAttribute("aria-label", `Bỏ bài ${k + 1}`);
  });
}

function cardText(card) {
  return card.querySelector(".text").value;
}

function isEmpty(card) {
  return !card.file && !cardText(card).trim();
}

function setCardMessage(card, message, kind) {
  const note = card.querySelector(".card-msg");
  note.textContent = message || "";
  note.hidden = !message;
  note.className = `card-msg ${kind || ""}`;
}

function markInvalid(card, message) {
  card.classList.add("invalid");
  card.querySelector(".text").setAttribute("aria-invalid", "true");
  if (message) setCardMessage(card, message, "error");
}

function clearMarks() {
  for (const card of cards()) {
    card.classList.remove("invalid");
    card.querySelector(".text").removeAttribute("aria-invalid");
    checkUrl(card);
  }
}

// A box that holds only a web address gets a hint instead of being sent.
function checkUrl(card) {
  const url = !card.file && isOnlyUrls(cardText(card));
  setCardMessage(card, url ? URL_HINT : "", "hint");
  return url;
}

// Several articles pasted into one box, separated by lines of dashes (as for `tomtat summarize -`),
// become one box each. Returns the boxes the text now fills.
function splitCard(card) {
  const text = cardText(card);
  if (card.file || !hasSeparator(text)) return [card];
  const parts = splitArticles(text);
  card.querySelector(".text").value = parts[0] || "";
  const made = [card];
  let at = card;
  for (const part of parts.slice(1)) {
    at = addCard({ text: part }, at);
    made.push(at);
  }
  checkUrl(card);
  scheduleSave();
  return made;
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
  cards().filter(isEmpty).forEach((card) => card.remove());
  wanted.forEach((file) => addCard({ file }));
  showStatus(skipped ? `Đã bỏ qua ${skipped} tệp không phải .txt/.html.` : "");
}

function clearAll() {
  const hasText = cards().some((card) => !isEmpty(card));
  if (hasText && !window.confirm("Xoá hết các bài đã dán và bản nháp đã lưu?")) return;
  list.replaceChildren();
  addCard();
  addCard();
  clearTimeout(state.saveTimer);
  forgetDraft();
  $("#result").hidden = true;
  showStatus("");
  cards()[0].querySelector(".text").focus();
}

// ---- the draft: pasted articles and options survive a reload -----------------

function scheduleSave() {
  clearTimeout(state.saveTimer);
  state.saveTimer = setTimeout(saveDraft, 300);
}

function saveDraft() {
  const articles = cards()
    .filter((card) => !card.file)
    .map((card) => ({ title: card.querySelector(".title").value, text: cardText(card) }));
  storeDraft(articles, { length: $("#length").value, method: $("#method").value });
}

function restoreDraft() {
  const draft = loadDraft();
  if (!draft) {
    addCard();
    addCard();
    return;
  }
  for (const article of draft.articles) addCard(article);
  if (draft.articles.length < 2) addCard();
  const length = $("#length");
  if ([...length.options].some((o) => o.value === draft.length)) length.value = draft.length;
  $("#method").dataset.wanted = draft.method; // set once the methods are loaded
  showStatus("Đã khôi phục bản nháp lần trước.");
}

// ---- talking to the API ----------------------------------------------------

function showStatus(message, isError = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", isError);
}

async function loadMethods() {
  const select = $("#method");
  try {
    const res = await fetch("/v1/methods");
    const data = await res.json();
    select.replaceChildren();
    for (const m of data.methods) {
      const [label, description] = METHODS[m.name] || [m.name, ""];
      const option = el("option", "", m.default ? `${label} (mặc định)` : label);
      option.value = m.default ? "" : m.name;
      if (description) option.title = description;
      if (m.default) select.prepend(option);
      else select.append(option);
    }
    const wanted = select.dataset.wanted || "";
    select.value = [...select.options].some((o) => o.value === wanted) ? wanted : "";
  } catch (e) {
    /* the default method still works */
  }
}

function buildRequest(entries) {
  const method = $("#method").value || undefined;
  const words = $("#length").value ? Number($("#length").value) : undefined;
  const fields = new Map(); // the API's field prefix -> the article it names
  if (entries.some((entry) => entry.card.file)) {
    const body = new FormData();
    let files = 0;
    let documents = 0;
    for (const entry of entries) {
      if (entry.card.file) {
        fields.set(`files[${files++}]`, entry);
        body.append("files", entry.card.file, entry.card.file.name);
      } else {
        fields.set(`document[${documents++}]`, entry);
        body.append("document", JSON.stringify(cardDocument(entry)));
      }
    }
    if (method) body.append("method", method);
    if (words) body.append("words", String(words));
    return { init: { method: "POST", body }, fields };
  }
  entries.forEach((entry, k) => fields.set(`documents[${k}]`, entry));
  return {
    init: {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ documents: entries.map(cardDocument), method, words }),
    },
    fields,
  };
}

// A pasted article goes with the page's name for it, so that the answer names it "Bài 2", not "doc2".
function cardDocument(entry) {
  const doc = { id: entry.label, text: cardText(entry.card) };
  const title = entry.card.querySelector(".title").value.trim();
  if (title) doc.title = title;
  return doc;
}

function entryFor(field, fields) {
  const m = /^(documents|document|text|files)\[(\d+)\]/.exec(field || "");
  return m ? fields.get(`${m[1]}[${m[2]}]`) || null : null;
}

async function summarize(event) {
  if (event) event.preventDefault();
  if (goButton.disabled) return;
  clearMarks();
  cards().forEach(splitCard);
  const all = cards();
  const chosen = all.filter((card) => !isEmpty(card));
  if (!chosen.length) {
    showStatus("Hãy dán ít nhất một bài báo (tốt nhất là vài bài về cùng một sự kiện).", true);
    return;
  }
  const urls = chosen.filter(checkUrl);
  if (urls.length) {
    urls.forEach((card) => markInvalid(card));
    const numbers = urls.map((card) => all.indexOf(card) + 1).join(", ");
    showStatus(`Bài ${numbers} chỉ có địa chỉ web. Hãy dán nội dung bài thay cho địa chỉ.`, true);
    urls[0].querySelector(".text").focus();
    return;
  }
  const entries = chosen.map((card) => {
    const number = all.indexOf(card) + 1;
    return { card, number, label: card.file ? card.file.name : `Bài ${number}` };
  });
  const { init, fields } = buildRequest(entries);
  goButton.disabled = true;
  goButton.setAttribute("aria-busy", "true");
  showStatus("Đang tóm tắt…");
  const started = performance.now();
  try {
    let res;
    try {
      res = await fetch("/v1/summarize", init);
    } catch (e) {
      throw new Error(NETWORK_ERROR);
    }
    let data;
    try {
      data = await res.json();
    } catch (e) {
      throw new Error(BAD_REPLY(res.status));
    }
    if (!res.ok) {
      const err = (data && data.error) || {};
      console.warn("tomtat:", res.status, err.code, err.message); // the English detail, for developers
      const entry = entryFor(err.field, fields);
      const message = errorText(res.status, err, entry ? entry.label : null);
      if (entry) markInvalid(entry.card, message);
      else if (err.field === "documents" && res.status === 422) entries.forEach((e) => markInvalid(e.card));
      throw new Error(message);
    }
    state.last = data;
    state.sent = entries;
    render(data);
    const ms = performance.now() - started;
    showStatus(`Xong trong ${(ms / 1000).toLocaleString("vi-VN", { maximumFractionDigits: 2 })} giây.`);
    const result = $("#result");
    if (result.getBoundingClientRect().top > window.innerHeight * 0.6) result.scrollIntoView({ behavior: "smooth" });
  } catch (e) {
    showStatus(e.message || "Không tóm tắt được.", true);
  } finally {
    goButton.disabled = false;
    goButton.removeAttribute("aria-busy");
  }
}

async function loadDemo() {
  showStatus("Đang tải ví dụ…");
  try {
    const res = await fetch("/v1/example");
    const data = await res.json();
    list.replaceChildren();
    for (const doc of data.documents) addCard({ title: doc.title || "", text: doc.text });
    scheduleSave();
  } catch (e) {
    showStatus("Không tải được ví dụ.", true);
    return;
  }
  await summarize();
}

// ---- the result: summary sentences linked to their source sentences -------

// How the page names the k-th article of an answer: its box's number and name, never an internal id.
function articleViews(data) {
  const sent = state.sent.length === data.articles.length ? state.sent : [];
  return data.articles.map((article, k) => {
    const entry = sent[k];
    let label = article.name;
    if (entry) label = entry.label;
    else if (/^(doc|stdin-)\d+$/.test(article.name)) label = `Bài ${k + 1}`;
    return { article, number: entry ? entry.number : k + 1, label, heading: article.title || label };
  });
}

function render(data) {
  const views = articleViews(data);
  const byName = new Map(views.map((v) => [v.article.name, v]));
  const nameOf = (name) => (byName.get(name) || { label: name }).label;
  const summary = $("#summary");
  summary.replaceChildren();
  data.sentences.forEach((s, i) => {
    const view = byName.get(s.document);
    const span = el("span", "sent", s.text);
    span.dataset.i = String(i);
    span.tabIndex = 0;
    span.setAttribute("role", "button");
    if (view) span.title = `Từ bài ${view.number}: ${view.heading}`;
    summary.append(span, el("sup", "ref", view ? `[${view.number}]` : ""), document.createTextNode(" "));
  });

  const method = METHODS[data.method] ? METHODS[data.method][0] : data.method;
  const meta = [method, `${formatNumber(data.words)} âm tiết`, `${data.sentences.length} câu`, `từ ${data.articles.length} bài`];
  $("#meta").textContent = meta.join(" · ");

  const lines = (data.warnings || []).map((w) => el("li", "", warningText(w, nameOf)));
  $("#warnings").replaceChildren(...lines);
  $("#notice").hidden = !lines.length;

  const sources = $("#sources");
  sources.replaceChildren();
  views.forEach((view) => {
    const picked = data.sentences
      .map((s, i) => ({ ...s, i }))
      .filter((s) => s.document === view.article.name)
      .sort((a, b) => a.start - b.start);
    const box = renderArticle(view, picked);
    box.id = `source-${view.number}`;
    sources.append(box);
  });

  $("#result").hidden = false;
  state.pinned = null;
  state.hovered = null;
}

// ---- highlighting: hover (mouse), focus (keyboard), click or tap (pins) ------

function setHighlight(i) {
  document.querySelectorAll(".hl").forEach((node) => node.classList.remove("hl"));
  if (i === null) return {};
  const sent = document.querySelector(`.sent[data-i="${i}"]`);
  const source = document.querySelector(`.src-sent[data-i="${i}"]`);
  for (const node of [sent, source]) if (node) node.classList.add("hl");
  return { sent, source };
}

// Brings a source sentence into view inside the sources pane without moving the page.
function revealInPane(node) {
  const pane = $("#sources-pane");
  if (pane.scrollHeight <= pane.clientHeight || getComputedStyle(pane).overflowY === "visible") return false;
  const top = node.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  if (top < 40 || top > pane.clientHeight - 40) pane.scrollBy({ top: top - pane.clientHeight / 3, behavior: "smooth" });
  return true;
}

function showSentence(i) {
  const { source } = setHighlight(i);
  if (source) revealInPane(source);
}

// Hover follows real mouse movement only. After a tap the page scrolls to the source, and the browser
// then sends mouse "enter" events for whatever now lies under the finger's old position: those used to
// move the highlight to the next sentence.
function onPointerMove(e) {
  state.mouse = e.pointerType === "mouse";
  if (!state.mouse) return;
  const node = e.target.closest && e.target.closest(".sent, .src-sent");
  const i = node ? node.dataset.i : null;
  if (i === state.hovered) return;
  state.hovered = i;
  if (i === null) setHighlight(state.pinned);
  else if (node.classList.contains("sent")) showSentence(i);
  else setHighlight(i);
}

function onSummaryClick(e) {
  const sent = e.target.closest(".sent");
  if (!sent) return;
  const i = sent.dataset.i;
  state.pinned = state.pinned === i ? null : i;
  const { source } = setHighlight(state.pinned ?? i);
  if (source && !revealInPane(source)) source.scrollIntoView({ behavior: "smooth", block: "center" });
}

function onSourceClick(e) {
  const mark = e.target.closest(".src-sent");
  if (!mark) return;
  state.pinned = mark.dataset.i;
  const { sent } = setHighlight(state.pinned);
  if (sent && window.matchMedia(NARROW).matches) sent.scrollIntoView({ behavior: "smooth", block: "center" });
}

// ---- copy and download -----------------------------------------------------

function markdown(data) {
  const views = articleViews(data);
  const byName = new Map(views.map((v) => [v.article.name, v]));
  const body = data.sentences.map((s) => `${markdownText(s.text)} [${byName.get(s.document)?.number ?? "?"}]`).join(" ");
  const sources = views
    .map((v) => `${v.number}. ${markdownText(v.article.title ? `${v.article.title} (${v.label})` : v.label)}`)
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
  if (!state.last) return;
  try {
    await navigator.clipboard.writeText(state.last.summary);
  } catch (e) {
    const area = el("textarea");
    area.value = state.last.summary;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  showStatus("Đã sao chép bản tóm tắt.");
}

// ---- views: one cluster, or a stream of articles into stories (tabs: arrows move between them) ---------

function selectTab(tab, focus = false) {
  for (const t of document.querySelectorAll('[role="tab"]')) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
  }
  if (focus) tab.focus();
}

// ---- wiring ------------------------------------------------------------------

const tabList = $('[role="tablist"]');
tabList.addEventListener("click", (e) => {
  const tab = e.target.closest('[role="tab"]');
  if (tab) selectTab(tab);
});
tabList.addEventListener("keydown", (e) => {
  const tabs = [...tabList.querySelectorAll('[role="tab"]')];
  const at = tabs.indexOf(document.activeElement);
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
  if (at < 0 || next === undefined) return;
  e.preventDefault();
  selectTab(tabs[(next + tabs.length) % tabs.length], true);
});

form.addEventListener("submit", summarize);
document.addEventListener("keydown", (e) => {
  if ($("#view-summary").hidden) return; // the stories view has its own Ctrl+Enter
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.isComposing) {
    e.preventDefault();
    summarize();
  }
});
list.addEventListener("click", (e) => {
  const button = e.target.closest(".remove");
  if (button) removeCard(button.closest(".card"));
});
list.addEventListener("input", (e) => {
  const card = e.target.closest(".card");
  if (!card) return;
  if (e.target.matches(".text")) {
    if (/^insertFrom(Paste|Drop)/.test(e.inputType || "")) splitCard(card);
    checkUrl(card);
    if (card.classList.contains("invalid") && !isOnlyUrls(cardText(card))) {
      card.classList.remove("invalid");
      e.target.removeAttribute("aria-invalid");
    }
  }
  scheduleSave();
});
$("#length").addEventListener("change", scheduleSave);
$("#method").addEventListener("change", scheduleSave);
$("#add").addEventListener("click", () => addCard().querySelector(".text").focus());
$("#clear").addEventListener("click", clearAll);
$("#demo").addEventListener("click", loadDemo);
$("#pick").addEventListener("click", () => $("#file").click());
$("#file").addEventListener("change", (e) => {
  addFiles(e.target.files);
  e.target.value = "";
});
$("#summary").addEventListener("click", onSummaryClick);
$("#summary").addEventListener("keydown", (e) => {
  if ((e.key === "Enter" || e.key === " ") && e.target.matches(".sent") && !e.ctrlKey && !e.metaKey) {
    e.preventDefault();
    e.target.click();
  }
});
$("#summary").addEventListener("focusin", (e) => {
  if (e.target.matches(".sent")) showSentence(e.target.dataset.i);
});
$("#sources").addEventListener("click", onSourceClick);
document.addEventListener("pointermove", onPointerMove, { passive: true });
document.addEventListener("pointerdown", (e) => { state.mouse = e.pointerType === "mouse"; }, { passive: true });
document.documentElement.addEventListener("pointerleave", () => {
  if (state.mouse && state.hovered !== null) {
    state.hovered = null;
    setHighlight(state.pinned);
  }
});
$("#copy").addEventListener("click", copySummary);
$("#dl-md").addEventListener("click", () => state.last && download("tom-tat.md", "text/markdown;charset=utf-8", markdown(state.last)));
$("#dl-json").addEventListener("click", () => state.last && download("tom-tat.json", "application/json", JSON.stringify(state.last, null, 2) + "\n"));
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

restoreDraft();
loadMethods();
initStories();
