// The stories view: a stream of articles (JSON Lines, one article a line) in, the stories they tell out,
// newest first, each with its summary, timeline and names, and on demand the source of every summary
// sentence. As in the rest of the page, text is only ever set with textContent/value.

import {
  BAD_REPLY, NETWORK_ERROR, formatNumber, kindText, skippedText, storyErrorText, streamErrorText, warningText,
} from "./messages.js";
import { formatDate } from "./text.js";
import { el, renderArticle } from "./dom.js";

const $ = (sel) => document.querySelector(sel);
// A one-article story says so in its meta line ("1 bài"); the library's warning about it adds nothing there.
const SINGLE = /^only one distinct article/;
const EMPTY = "Hãy dán các bài báo (mỗi dòng một bài dạng JSON) hoặc chọn một tệp .jsonl.";

// How the page names an article of a story: its id, or "Dòng 3" for a record sent without one
// (the service names those after their line: "line-3").
function articleLabel(name) {
  const m = /^line-(\d+)$/.exec(name);
  return m ? `Dòng ${m[1]}` : name;
}

// The story's articles as the page shows them: numbered within the story, with the cleaned text
// (sources=true) that sentence and timeline offsets point into.
function articleViews(story) {
  const cleaned = story.cleaned_articles || [];
  const byName = new Map(cleaned.map((a) => [a.name, a]));
  return story.articles.map((name, k) => {
    const article = byName.get(name) || { name, title: "", text: "" };
    const label = articleLabel(name);
    return { article, number: k + 1, label, heading: article.title || label };
  });
}

function datesText(story) {
  const first = story.first_seen ? formatDate(story.first_seen) : "";
  const last = story.last_seen ? formatDate(story.last_seen) : "";
  if (!first) return "chưa rõ ngày đăng";
  return first === last ? `đăng ngày ${first}` : `lần đầu ${first}, mới nhất ${last}`;
}

function section(className, title, headingId) {
  const box = el("section", className);
  const head = el("h4", "", title);
  head.id = headingId;
  box.setAttribute("aria-labelledby", headingId);
  box.append(head);
  return box;
}

function renderSummary(story, byName) {
  if (!story.sentences.length) return el("p", "story-error", storyErrorText(story.error || ""));
  const summary = el("p", "story-summary");
  for (const s of story.sentences) {
    const view = byName.get(s.document);
    const ref = el("sup", "ref", view ? `[${view.number}]` : "");
    if (view) ref.title = `Từ bài ${view.number}: ${view.heading}`;
    summary.append(document.createTextNode(s.text), ref, document.createTextNode(" "));
  }
  return summary;
}

function renderTimeline(story, byName, id) {
  const box = section("timeline", "Diễn biến", id);
  if (!story.timeline.length) {
    box.append(el("p", "hint", "Các bài không nêu ngày cụ thể nào."));
    return box;
  }
  const list = el("ol");
  for (const event of story.timeline) {
    const item = el("li");
    const when = el("time", "when", formatDate(event.date));
    when.dateTime = event.date;
    const view = byName.get(event.document);
    const ref = el("sup", "ref", view ? `[${view.number}]` : "");
    if (view) ref.title = `Từ bài ${view.number}: ${view.heading}`;
    item.append(when, el("span", "what", event.text), ref);
    list.append(item);
  }
  box.append(list);
  return box;
}

function renderNames(story, id) {
  const box = section("names", "Tên riêng", id);
  if (!story.entities.length) {
    box.append(el("p", "hint", "Không tìm thấy tên riêng nào."));
    return box;
  }
  const list = el("ul");
  for (const entity of story.entities) {
    const item = el("li");
    item.append(el("span", "name", entity.name), el("span", "kind", kindText(entity.kind)));
    const others = entity.variants.filter((v) => v !== entity.name);
    const notes = [];
    if (others.length) notes.push(`còn viết: ${others.join(", ")}`);
    if (entity.articles > 1) notes.push(`trong ${formatNumber(entity.articles)} bài`);
    if (notes.length) item.append(el("span", "variants", notes.join(" · ")));
    list.append(item);
  }
  box.append(list);
  return box;
}

// Each summary sentence with the article it comes from and where, then the articles with those sentences marked.
function renderProvenance(story, views, byName) {
  const details = el("details", "provenance");
  details.append(el("summary", "", "Nguồn của từng câu"));
  const list = el("ol", "prov-list");
  story.sentences.forEach((s) => {
    const view = byName.get(s.document);
    const item = el("li");
    const where = view ? `Bài ${view.number}: ${view.heading}` : articleLabel(s.document);
    const name = view && view.article.title ? ` (${view.label})` : "";
    item.append(el("p", "prov-text", s.text), el("p", "prov-meta", `${where}${name} · ký tự ${formatNumber(s.start)}–${formatNumber(s.end)}`));
    list.append(item);
  });
  details.append(list);
  const shown = views.filter((v) => v.article.text);
  if (shown.length) {
    details.append(el("h4", "prov-h", "Các bài gốc"));
    for (const view of shown) {
      const picked = story.sentences
        .map((s, i) => ({ ...s, i }))
        .filter((s) => s.document === view.article.name)
        .sort((a, b) => a.start - b.start);
      details.append(renderArticle(view, picked, { mark: "story-src", heading: "h5" }));
    }
  }
  return details;
}

function renderStory(story, k) {
  const views = articleViews(story);
  const byName = new Map(views.map((v) => [v.article.name, v]));
  const nameOf = (name) => (byName.get(name) || { label: articleLabel(name) }).label;
  const id = `story-${k + 1}`;
  const item = el("li", "story panel");
  item.setAttribute("aria-labelledby", `${id}-h`);
  const title = el("h3", "story-title", story.headline || "Câu chuyện không có tiêu đề");
  title.id = `${id}-h`;
  const meta = el("p", "story-meta");
  meta.append(
    el("span", "story-sources", `${formatNumber(story.sources.length)} nguồn`),
    el("span", "", `${formatNumber(story.articles.length)} bài`),
    el("span", "story-dates", datesText(story)),
  );
  item.append(title, meta);
  if (story.sources.length) item.append(el("p", "story-outlets", `Nguồn: ${story.sources.map(articleLabel).join(", ")}`));
  item.append(renderSummary(story, byName));
  const warnings = (story.warnings || []).filter((w) => !SINGLE.test(w)).map((w) => el("li", "", warningText(w, nameOf)));
  if (warnings.length) {
    const notice = el("div", "notice");
    notice.setAttribute("role", "note");
    const list = el("ul", "warnings");
    list.append(...warnings);
    notice.append(el("h4", "", "Lưu ý"), list);
    item.append(notice);
  }
  item.append(renderTimeline(story, byName, `${id}-timeline`), renderNames(story, `${id}-names`));
  if (story.sentences.length) item.append(renderProvenance(story, views, byName));
  return item;
}

function render(data) {
  const list = $("#stories");
  list.replaceChildren(...data.stories.map(renderStory));
  if (!data.stories.length) list.append(el("li", "hint", "Không có câu chuyện nào."));
  const skipped = data.skipped || [];
  $("#skipped-list").replaceChildren(...skipped.map((s) => el("li", "", skippedText(s.article, s.error))));
  $("#skipped").hidden = !skipped.length;
  $("#stories-result").hidden = false;
}

export function initStories() {
  const form = $("#stories-form");
  const area = $("#stream");
  const button = $("#stories-go");
  const status = $("#stories-status");
  const show = (message, isError = false) => {
    status.textContent = message;
    status.classList.toggle("error", isError);
  };

  async function submit(event) {
    if (event) event.preventDefault();
    if (button.disabled) return;
    if (!area.value.trim()) {
      show(EMPTY, true);
      area.focus();
      return;
    }
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    show("Đang gom các bài thành câu chuyện…");
    const started = performance.now();
    try {
      let res;
      try {
        res = await fetch("/v1/stories?sources=true", {
          method: "POST",
          headers: { "Content-Type": "application/x-ndjson" },
          body: area.value,
        });
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
        throw new Error(streamErrorText(res.status, err));
      }
      render(data);
      const seconds = ((performance.now() - started) / 1000).toLocaleString("vi-VN", { maximumFractionDigits: 2 });
      const articles = data.stories.reduce((n, s) => n + s.articles.length, 0);
      const skipped = data.skipped.length ? ` Bỏ qua ${formatNumber(data.skipped.length)} bài (xem bên dưới).` : "";
      show(`Xong trong ${seconds} giây: ${formatNumber(data.stories.length)} câu chuyện từ ${formatNumber(articles)} bài.${skipped}`);
    } catch (e) {
      show(e.message || "Không gom được các bài này.", true);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }

  async function loadDemo() {
    show("Đang tải ví dụ…");
    try {
      const res = await fetch("/v1/example");
      const data = await res.json();
      area.value = data.documents.map((d) => JSON.stringify({ id: d.id.replace(/\.txt$/, ""), text: d.text })).join("\n") + "\n";
    } catch (e) {
      show("Không tải được ví dụ.", true);
      return;
    }
    await submit();
  }

  async function loadFile(file) {
    try {
      area.value = await file.text();
    } catch (e) {
      show(`Không đọc được tệp ${file.name}.`, true);
      return;
    }
    show(`Đã nạp tệp ${file.name}. Bấm “Gom thành câu chuyện” để bắt đầu.`);
    area.focus();
  }

  form.addEventListener("submit", submit);
  form.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  $("#stories-demo").addEventListener("click", loadDemo);
  $("#stories-pick").addEventListener("click", () => $("#stories-file").click());
  $("#stories-file").addEventListener("change", (e) => {
    if (e.target.files.length) loadFile(e.target.files[0]);
    e.target.value = "";
  });
}
