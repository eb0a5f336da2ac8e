// Pure text helpers of the page: splitting pasted articles, spotting URLs, escaping Markdown.
// Everything here is linear in the input: per-line tests, no pattern that can backtrack.

const SEPARATOR = /^\s*---+\s*$/; // as the CLI's stdin reader, tested one line at a time
const URL_LINE = /^(?:https?:\/\/|www\.)[^\s]+$/i;

// Articles in one pasted text, split at lines of three or more dashes; empty parts are dropped.
export function splitArticles(text) {
  const parts = [];
  let current = [];
  for (const line of text.split("\n")) {
    if (SEPARATOR.test(line)) {
      parts.push(current.join("\n"));
      current = [];
    } else {
      current.push(line);
    }
  }
  parts.push(current.join("\n"));
  return parts.map((p) => p.trim()).filter((p) => p);
}

export function hasSeparator(text) {
  return text.includes("---") && text.split("\n").some((line) => SEPARATOR.test(line));
}

// True when the text is only web addresses (one a line): the page cannot fetch them.
export function isOnlyUrls(text) {
  if (text.length > 20_000) return false;
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l);
  return lines.length > 0 && lines.every((l) => URL_LINE.test(l));
}

const HTML_ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

// Text as inline Markdown that renders as itself: HTML escaped, Markdown punctuation backslashed,
// one line (a newline inside a title would end the list item), and no block marker at the start.
export function markdownText(text) {
  const line = String(text).replace(/\s+/g, " ").trim();
  const escaped = line
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c])
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`);
  // "1. ", "- ", "+ ", "= " at the very start would make a list or a heading underline.
  return escaped.replace(/^(\d+)([.)])/, "$1\\$2").replace(/^([-+=])/, "\\$1");
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

// An ISO date from the API ("2022-04-26", "2022-04-26T10:30:00+07:00") as Vietnamese readers write it:
// "26/4/2022", "26/4/2022 10:30". The clock time is the article's own (no time zone conversion).
export function formatDate(iso) {
  const m = ISO_DATE.exec(String(iso || ""));
  if (!m) return String(iso || "");
  const [, year, month, day, hour, minute] = m;
  const date = `${Number(day)}/${Number(month)}/${year}`;
  return hour ? `${date} ${hour}:${minute}` : date;
}
