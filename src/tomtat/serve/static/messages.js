// Everything the service says, as the page says it: in Vietnamese. The API's `message` is English (for
// logs and scripts); the page goes by the machine-readable `code`, then by status and field, and never
// shows the English text. Numbers are picked out of the message only to fill in the Vietnamese one.

const NUMBER = "([0-9][0-9,.]*)";

function numbers(message, pattern) {
  const m = new RegExp(pattern).exec(message || "");
  return m ? m.slice(1).map((n) => Number(n.replace(/,/g, ""))) : [];
}

export function formatNumber(n) {
  return Number.isFinite(n) ? n.toLocaleString("vi-VN") : "";
}

// Problems with one article; `who` is "Bài 2" or a file name.
const ARTICLE_PROBLEMS = {
  empty: (who) => `${who} không có nội dung nào.`,
  article_too_long: (who, msg) => {
    const [size, limit] = numbers(msg, `of ${NUMBER} characters is over the limit of ${NUMBER}`);
    return limit
      ? `${who} quá dài: ${formatNumber(size)} ký tự, máy chủ nhận tối đa ${formatNumber(limit)} ký tự một bài.`
      : `${who} quá dài so với giới hạn của máy chủ.`;
  },
  unsupported_file: (who) => `${who}: chỉ nhận tệp .txt, .html hoặc .htm.`,
  unreadable_file: (who, msg) => `${who}: ${unreadableReason(msg)}`,
  duplicate_name: (who) => `${who} trùng tên với một bài khác.`,
  invalid_field: (who) => `${who} có dữ liệu không hợp lệ.`,
  invalid_input: (who) => `${who} không tóm tắt được.`,
  not_vietnamese: (who) => `${who} không giống tiếng Việt (quá ít âm tiết có dấu). tomtat chỉ tóm tắt tin tiếng Việt.`,
  no_text: (who) => `${who}: sau khi bỏ phần thừa (chú thích ảnh, tên tác giả, tin liên quan…), không còn nội dung nào.`,
  use_batch: (who) => `${who} chứa nhiều cụm bài; trang này tóm tắt một cụm mỗi lần.`,
};

function unreadableReason(msg) {
  const m = msg || "";
  if (/binary file/i.test(m)) return "tệp nhị phân, không phải văn bản.";
  if (/empty file/i.test(m)) return "tệp rỗng.";
  if (/UTF-16|UTF-32/i.test(m)) return "tệp UTF-16/UTF-32 bị hỏng hoặc không đọc được.";
  if (/encoding/i.test(m)) return "không nhận ra bảng mã của tệp. Hãy lưu tệp dạng UTF-8 rồi thử lại.";
  if (/too large/i.test(m)) return "tệp quá lớn để là một bài báo.";
  if (/trafilatura/i.test(m)) return "máy chủ chưa cài phần đọc trang web (trafilatura).";
  if (/no article text/i.test(m)) return "không tìm thấy nội dung bài trong trang web này.";
  if (/HTML/i.test(m)) return "không đọc được trang web này.";
  return "không đọc được tệp này.";
}

// Problems with the request as a whole.
const REQUEST_PROBLEMS = {
  bad_json: () => "Máy chủ không hiểu dữ liệu gửi lên (JSON hỏng). Hãy tải lại trang rồi thử lại.",
  bad_form: () => "Máy chủ không hiểu dữ liệu gửi lên (biểu mẫu hỏng). Hãy tải lại trang rồi thử lại.",
  bad_encoding: () => "Dữ liệu gửi lên không phải UTF-8.",
  bad_header: () => "Yêu cầu gửi lên không hợp lệ. Hãy tải lại trang rồi thử lại.",
  empty_body: () => "Yêu cầu gửi lên không có dữ liệu.",
  cross_origin: () => "Máy chủ từ chối yêu cầu này vì nó không đến từ trang của tomtat. Hãy mở trang từ chính máy chủ tomtat.",
  not_found: () => "Máy chủ này không có dịch vụ tóm tắt (không tìm thấy địa chỉ).",
  method_not_allowed: () => "Máy chủ này không có dịch vụ tóm tắt (sai phương thức).",
  request_timeout: () => "Dữ liệu gửi lên quá chậm nên máy chủ đã ngắt. Hãy thử lại.",
  too_large: (msg) => {
    const [limit] = numbers(msg, `limit of ${NUMBER} bytes`);
    return limit
      ? `Dữ liệu gửi lên quá lớn: máy chủ nhận tối đa ${formatNumber(Math.floor(limit / 1e6))} MB một lần.`
      : "Dữ liệu gửi lên quá lớn so với giới hạn của máy chủ.";
  },
  too_many_articles: (msg) => {
    const [, limit] = numbers(msg, `${NUMBER} articles is over the limit of ${NUMBER}`);
    return limit ? `Quá nhiều bài: máy chủ nhận tối đa ${formatNumber(limit)} bài một lần.` : "Quá nhiều bài cho một lần tóm tắt.";
  },
  article_too_long: (msg) => ARTICLE_PROBLEMS.article_too_long("Có bài", msg),
  too_many_clusters: () => "Quá nhiều cụm bài cho một lần.",
  unsupported_media_type: () => "Máy chủ không nhận kiểu dữ liệu này.",
  unsupported_file: () => "Chỉ nhận tệp .txt, .html hoặc .htm.",
  unreadable_file: (msg) => `Có tệp không đọc được: ${unreadableReason(msg)}`,
  invalid_field: () => "Có trường dữ liệu không hợp lệ. Hãy tải lại trang rồi thử lại.",
  conflicting_lengths: () => "Chỉ chọn một cách đặt độ dài.",
  unknown_method: () => "Máy chủ không có phương pháp tóm tắt này. Hãy chọn phương pháp khác.",
  no_articles: () => "Chưa có bài nào để tóm tắt.",
  empty: () => "Có bài không có nội dung nào.",
  duplicate_name: () => "Có hai bài trùng tên.",
  use_batch: () => "Tệp .jsonl chứa nhiều cụm bài; trang này tóm tắt một cụm mỗi lần.",
  no_text: () => "Sau khi bỏ phần thừa (chú thích ảnh, tên tác giả, tin liên quan…), không còn nội dung nào để tóm tắt.",
  not_vietnamese: () =>
    "Các bài này không giống tiếng Việt (quá ít âm tiết có dấu). tomtat chỉ tóm tắt tin tiếng Việt; hãy kiểm tra lại nội dung đã dán.",
  invalid_input: () => "Không tóm tắt được các bài này.",
  internal: () => "Máy chủ gặp lỗi nội bộ. Hãy thử lại; nếu vẫn lỗi, hãy báo cho người quản trị máy chủ.",
  timeout: (msg) => {
    const [limit] = numbers(msg, `time limit of ${NUMBER}`);
    const within = limit ? ` (quá ${formatNumber(limit)} giây)` : "";
    return `Tóm tắt mất quá lâu${within}. Hãy thử với ít bài hơn hoặc bài ngắn hơn.`;
  },
};

// For a server that sends no `code` (an older tomtat, or a proxy in between): a code from status and message.
function guessCode(status, message, field) {
  const m = message || "";
  switch (status) {
    case 400: return /JSON/.test(m) ? "bad_json" : /UTF-8/.test(m) ? "bad_encoding" : "bad_form";
    case 403: return "cross_origin";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 413: return /characters/.test(m) ? "article_too_long" : /articles/.test(m) ? "too_many_articles" : "too_large";
    case 415: return field && field !== "Content-Type" ? "unsupported_file" : "unsupported_media_type";
    case 422:
      if (/Vietnamese/.test(m)) return "not_vietnamese";
      if (/no text left/.test(m)) return "no_text";
      if (/empty (article|page|file)|no article text/.test(m)) return "empty";
      if (/unknown method/.test(m)) return "unknown_method";
      if (/give one length/.test(m)) return "conflicting_lengths";
      if (/also used by/.test(m)) return "duplicate_name";
      if (/binary|encoding|UTF-16|HTML/.test(m)) return "unreadable_file";
      if (/^no articles/.test(m)) return "no_articles";
      return field && /^(documents|document|text|files)\[/.test(field) ? "invalid_field" : "invalid_input";
    case 500: return "internal";
    case 504: return "timeout";
    default: return null;
  }
}

const GENERIC = new Set(["invalid_input", "invalid_field"]);
const BUSY = "Máy chủ đang bận, hãy thử lại sau ít phút.";

// The Vietnamese line for an API error. `who` names the article at fault ("Bài 2", a file name) or is null.
export function errorText(status, error, who) {
  const err = error || {};
  // A generic code ("invalid_input") may hide a case the message names precisely.
  const guessed = guessCode(status, err.message, err.field);
  const code = !err.code || (GENERIC.has(err.code) && guessed && !GENERIC.has(guessed)) ? guessed : err.code;
  if (who && ARTICLE_PROBLEMS[code]) return ARTICLE_PROBLEMS[code](who, err.message);
  if (REQUEST_PROBLEMS[code]) {
    const text = REQUEST_PROBLEMS[code](err.message);
    return who ? `${who}: ${text}` : text;
  }
  if (status === 429 || status === 502 || status === 503) return BUSY;
  return `Không tóm tắt được (lỗi HTTP ${status}).`;
}

export const NETWORK_ERROR = "Không kết nối được với máy chủ tomtat. Máy chủ còn chạy không?";
export const BAD_REPLY = (status) => `Máy chủ trả lời không đúng định dạng (HTTP ${status}).`;

// ---- warnings of a summary -------------------------------------------------------------------------
// The library's warnings are English lines, most naming an article at the start ("doc2: near copy of doc1,
// counted once"). Each known pattern has a Vietnamese line; names are swapped for the page's names.
// Patterns are anchored at both ends on short strings (a warning is one line), so they cannot run long.

const WARNINGS = [
  [/^(.+): very long article, only its first (\d+) sentences are used$/,
    (n, [a, k]) => `${n(a)} rất dài: chỉ dùng ${formatNumber(Number(k))} câu đầu.`],
  [/^(.+): does not look like Vietnamese \((\d+)% of syllables carry Vietnamese marks\), skipped$/,
    (n, [a, p]) => `${n(a)} không giống tiếng Việt (chỉ ${p}% âm tiết có dấu tiếng Việt) nên đã bỏ qua.`],
  [/^(.+): near copy of (.+), counted once$/,
    (n, [a, b]) => `${n(a)} gần như trùng với ${n(b)} nên chỉ tính một lần.`],
  [/^only one distinct article: this is a single-document summary$/,
    () => "Chỉ có một bài (hoặc các bài trùng nhau): đây là bản tóm tắt của một bài."],
  [/^no sentence is as short as (\d+) syllables; gave the best one \((\d+) syllables\)$/,
    (n, [w, s]) => `Không có câu nào ngắn tới ${formatNumber(Number(w))} âm tiết; đã chọn câu phù hợp nhất (${formatNumber(Number(s))} âm tiết).`],
  [/^(.+): (\d+) lines? too long for a sentence \(over (\d+) syllables with no sentence end\), skipped$/,
    (n, [a, k, max]) => `${n(a)}: bỏ qua ${formatNumber(Number(k))} dòng quá dài mà không có dấu kết câu (hơn ${formatNumber(Number(max))} âm tiết).`],
  [/^(.+): written in capital letters; its capitalised lines are read as sentences, not headings$/,
    (n, [a]) => `${n(a)} viết toàn chữ in hoa: các dòng in hoa được đọc như câu, không phải tiêu đề.`],
  [/^(.+) and (.+) give different figures for one fact: (.+) \/ (.+)$/,
    (n, [a, b, x, y]) => `${n(a)} và ${n(b)} đưa số liệu khác nhau cho cùng một sự việc: ${x} và ${y}. Hãy kiểm tra lại trước khi dùng.`],
  // from the reader
  [/^(.+): invalid UTF-8 at byte offsets? ([0-9, ]+)(?: and ([0-9]+) more)?; replaced with .$/,
    (n, [a, at, more]) => `${n(a)} có byte lỗi (không phải UTF-8) ở vị trí ${at}${more ? ` và ${more} chỗ khác` : ""}; đã thay bằng ký tự �.`],
  [/^(.+): holds HTML markup; read as a web page$/,
    (n, [a]) => `${n(a)} chứa mã HTML nên được đọc như một trang web (chỉ lấy phần nội dung bài).`],
  [/^(.+): cannot read the date (.*) \(write it like 2022-04-26 or 26\/4\/2022\); left out$/,
    (n, [a, d]) => `${n(a)}: không đọc được ngày đăng ${d} (hãy viết như 2022-04-26 hoặc 26/4/2022) nên đã bỏ qua ngày này.`],
];

// `name` maps an article name from the API to the page's name for it.
export function warningText(warning, name) {
  const line = String(warning);
  if (line.length <= 2_000) {
    for (const [pattern, render] of WARNINGS) {
      const m = pattern.exec(line);
      if (m) return render(name, m.slice(1));
    }
  }
  return "Máy chủ có một lưu ý về các bài này (xem bản JSON để biết chi tiết).";
}

// ---- stories: skipped articles, stories without a summary, names ---------------------------------
// /v1/stories names what it left out as {article, error}: `article` is the article's id, or "line 3" for a
// line that could not be read; `error` is the reader's English line. Each known reason has a Vietnamese one.

const SKIPPED = [
  [/^malformed JSON/, () => "không phải JSON hợp lệ (mỗi dòng phải là một đối tượng JSON trọn vẹn)."],
  [/^not valid UTF-8/, () => "có byte không phải UTF-8. Hãy lưu tệp dạng UTF-8 rồi thử lại."],
  [/^line over the limit of ([0-9,]+) bytes/, (m) => `dòng quá dài (quá ${formatNumber(Number(m[1].replace(/,/g, "")))} byte).`],
  [/^expected a JSON object, not/, () => "không phải một đối tượng JSON (cần dạng {\"id\": …, \"text\": …})."],
  [/must be an object or text/, () => "không phải một đối tượng JSON (cần dạng {\"id\": …, \"text\": …})."],
  [/^already seen \(same id\)$/, () => "trùng mã (id) với một bài trước đó nên chỉ tính một lần."],
  [/^no article text$/, () => "không có nội dung bài (cần trường “text” hoặc “html”)."],
  [/of ([0-9,]+) characters is over the limit of ([0-9,]+)/, (m) => {
    const [size, limit] = [m[1], m[2]].map((n) => formatNumber(Number(n.replace(/,/g, ""))));
    return `quá dài: ${size} ký tự, máy chủ nhận tối đa ${limit} ký tự một bài.`;
  }],
  [/no 'single_documents' list/, () => "là một cụm bài nhưng không có danh sách “single_documents”."],
  [/'([a-z_]+)' must be text or a number/, (m) => `trường “${m[1]}” phải là chữ hoặc số.`],
  [/'([a-z_]+)' must be text/, (m) => `trường “${m[1]}” phải là chữ.`],
  [/give (?:either )?'([a-z_]+)' or '([a-z_]+)', not both/, (m) => `chỉ được có một trong hai trường “${m[1]}” và “${m[2]}”.`],
  [/lone surrogate/, () => "có ký tự không hợp lệ (một nửa cặp thay thế UTF-16)."],
  [/digits, too long to read/, () => "có một con số quá dài."],
  [/no article text found in this HTML page/, () => "không tìm thấy nội dung bài trong trang web này."],
  [/needs trafilatura/, () => "máy chủ chưa cài phần đọc trang web (trafilatura)."],
  [/HTML/, () => "không đọc được trang web này."],
];

// How the page names a skipped article: "Dòng 3", or the article's id.
export function skippedWho(article) {
  const m = /^line (\d+)$/.exec(String(article));
  return m ? `Dòng ${m[1]}` : `Bài “${article}”`;
}

export function skippedText(article, error) {
  const line = String(error || "");
  let reason = "không đọc được bài này.";
  if (line.length <= 2_000) {
    for (const [pattern, render] of SKIPPED) {
      const m = pattern.exec(line);
      if (m) {
        reason = render(m);
        break;
      }
    }
  }
  return `${skippedWho(article)}: ${reason}`;
}

// Why a story has no summary (the library's refusal, as /v1/summarize would give it with a 422).
export function storyErrorText(message) {
  const code = guessCode(422, message, null);
  const why = REQUEST_PROBLEMS[code] ? REQUEST_PROBLEMS[code](message) : "Không tóm tắt được các bài này.";
  return `Chưa có bản tóm tắt cho câu chuyện này. ${why}`;
}

// A refused /v1/stories request. "No articles" names the first line that could not be read.
export function streamErrorText(status, error) {
  const err = error || {};
  if (err.code === "no_articles") {
    const m = /\((.+?): (.+)\)$/.exec(String(err.message || "").slice(0, 2_000));
    const first = m ? ` ${skippedText(m[1], m[2])}` : "";
    return `Không đọc được bài nào: mỗi dòng cần là một bài báo dạng JSON.${first}`;
  }
  return errorText(status, err, null);
}

const KINDS = { person: "người", place: "địa danh", organization: "tổ chức", other: "khác" };

export function kindText(kind) {
  return KINDS[kind] || KINDS.other;
}
