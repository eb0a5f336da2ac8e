// The draft: pasted articles (title and text) and the options, kept in localStorage so that a reload,
// a closed tab or a crash loses nothing. Files are not kept (the page cannot read them back).

const KEY = "tomtat.draft.v1";

// Stores the draft; an empty one removes it. Returns false when storage is off or full (several MB of
// articles): the page then works without a draft.
export function storeDraft(articles, options) {
  const kept = articles.filter((a) => a.title.trim() || a.text.trim());
  try {
    if (!kept.length) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify({ version: 1, articles: kept, ...options }));
    return true;
  } catch (e) {
    forgetDraft();
    return false;
  }
}

export function forgetDraft() {
  try {
    localStorage.removeItem(KEY);
  } catch (e) {
    /* storage off */
  }
}

// The stored draft, checked field by field (it may come from an older page), or null.
export function loadDraft() {
  try {
    const draft = JSON.parse(localStorage.getItem(KEY) || "null");
    if (!draft || draft.version !== 1 || !Array.isArray(draft.articles)) return null;
    const articles = draft.articles
      .filter((a) => a && typeof a.text === "string" && typeof a.title === "string")
      .map((a) => ({ title: a.title, text: a.text }));
    return articles.length ? { articles, length: String(draft.length || ""), method: String(draft.method || "") } : null;
  } catch (e) {
    return null;
  }
}
