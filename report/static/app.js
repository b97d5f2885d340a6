// The report's page: the summary (data/summary.js) as counts, charts and lists, and the table of
// every quotation, loaded chunk by chunk (data/rows-NNNNN.js) as it is paged, filtered or sorted.
// Every string from the data goes into the page as text (textContent), never as markup.
"use strict";

(function () {
  const PAGE_ROWS = 50;
  const LIST_ROWS = 30; // rows shown in each of the lists (speakers, occasions, passages, runs)
  // The table's columns, in the order of a row in the chunks (report/site.py, _table_row).
  const COLUMNS = [
    { key: "text", label: "Quotation", index: 0, sort: "text" },
    { key: "speaker", label: "Speaker", index: 1, sort: "text" },
    { key: "said", label: "Said on", index: 2, sort: "text" },
    { key: "occasion", label: "Occasion", index: 3, sort: "text" },
    { key: "section", label: "Section", index: 4, sort: "text" },
    { key: "article", label: "Article", index: 5, sort: "text" },
    { key: "published", label: "Published", index: 7, sort: "text" },
    { key: "quoted", label: "Quoted in", index: 9, sort: "number" },
  ];
  const TEXT = 0, SPEAKER = 1, SAID = 2, OCCASION = 3, SECTION = 4, TITLE = 5, URL = 6,
    CAPTURE = 8;
  // Past this many rows the whole table is not loaded to be sorted: filter it first.
  const MAX_SORT_ROWS = 300000;

  let summary = null;
  const chunks = new Map(); // chunk number -> rows
  const waiting = new Map(); // chunk number -> [resolve, reject]

  window.REPORT_SUMMARY = function (data) { summary = data; };
  window.REPORT_ROWS = function (number, rows) {
    chunks.set(number, rows);
    const pending = waiting.get(number);
    if (pending) { waiting.delete(number); pending[0](rows); }
  };

  // -- building blocks -----------------------------------------------------------------------
  function el(tag, properties, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(properties || {})) {
      if (value === null || value === undefined) continue;
      if (name === "text") node.textContent = String(value);
      else if (name === "className") node.className = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else if (name === "onclick") node.addEventListener("click", value);
      else node.setAttribute(name, String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child); // strings become text
    }
    return node;
  }

  function safeHref(href) {
    // Links only to the web (http, https) or within this folder (a relative path).
    if (typeof href !== "string" || href === "") return null;
    if (/^https?:\/\//i.test(href)) return href;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) return null;
    return href;
  }

  function link(text, href, properties) {
    const target = safeHref(href);
    if (!target) return document.createTextNode(text || "");
    return el("a", { href: target, rel: "noopener noreferrer", ...(properties || {}) }, text);
  }

  const number = (n) => Number(n || 0).toLocaleString("en-US");

  function table(node, headers, rows) {
    node.replaceChildren();
    if (!rows.length) {
      node.append(el("caption", { className: "empty", text: "nothing yet" }));
      return;
    }
    node.append(el("thead", {}, el("tr", {}, ...headers.map(([label, cls]) =>
      el("th", { className: cls || null, text: label })))));
    node.append(el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells))));
  }

  function cell(content, cls, data) {
    return el("td", { className: cls || null, dataset: data || null }, content);
  }

  function bar(value, most) {
    const node = el("span", { className: "bar" });
    node.style.width = `${Math.max(2, Math.round((80 * value) / Math.max(1, most)))}px`;
    return node;
  }

  // -- the summary -----------------------------------------------------------------------------
  function renderCounts() {
    const c = summary.counts;
    const cards = [
      ["quotations", "quotations"],
      ["distinct_quotations", "distinct quotations"],
      ["speakers", "speakers"],
      ["articles", "articles"],
      ["articles_quoting", "articles quoting"],
      ["runs", "runs"],
    ];
    document.getElementById("counts").replaceChildren(...cards.map(([key, label]) =>
      el("div", { className: "card", id: `count-${key}`, dataset: { value: c[key] || 0 } },
        el("div", { className: "value", text: number(c[key]) }),
        el("div", { className: "label", text: label }))));
    document.getElementById("generated").textContent =
      `Generated ${summary.generated_at} from the latest version of every article.` +
      (summary.notes || []).map((note) => ` Note: ${note}.`).join("");
  }

  function chart(id, option) {
    const node = document.getElementById(id);
    if (!window.echarts) { node.textContent = "charts unavailable"; return; }
    const instance = echarts.init(node, null, { renderer: "canvas" });
    // Tooltips drawn on the canvas, not as HTML: a name from the data is never markup.
    instance.setOption({ animation: false, tooltip: { trigger: "axis", renderMode: "richText" },
      grid: { left: 48, right: 16, top: 16, bottom: 28 }, ...option });
    window.addEventListener("resize", () => instance.resize());
  }

  function yearsChart(id, series) {
    chart(id, {
      xAxis: { type: "category", data: series.map((p) => String(p[0])) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: series.map((p) => p[1]), itemStyle: { color: "#b3261e" } }],
    });
  }

  function renderSpeakers() {
    const most = summary.speakers.length ? summary.speakers[0].quotations : 1;
    table(document.getElementById("speakers"),
      [["Speaker"], ["Kind"], ["Quotations", "number"], ["Passages", "number"],
        ["Articles", "number"], ["Said"]],
      summary.speakers.slice(0, LIST_ROWS).map((s) => [
        cell(el("button", { className: "link", text: s.speaker, title: "show in the table",
          onclick: () => chooseSpeaker(s.speaker) }), null, { speaker: s.speaker }),
        cell(s.kind || ""),
        cell(el("span", {}, bar(s.quotations, most), number(s.quotations)), "number",
          { quotations: s.quotations }),
        cell(number(s.passages), "number"),
        cell(number(s.articles), "number"),
        cell(s.first ? (s.first === s.last ? s.first : `${s.first} – ${s.last}`) : "undated"),
      ]));
  }

  function renderOccasions() {
    const most = summary.occasions.length ? summary.occasions[0].quotations : 1;
    table(document.getElementById("occasions"),
      [["Occasion"], ["Kind"], ["Quotations", "number"], ["Speaker"], ["Said on"]],
      summary.occasions.slice(0, LIST_ROWS).map((o) => [
        cell(o.occasion), cell(o.kind || ""),
        cell(el("span", {}, bar(o.quotations, most), number(o.quotations)), "number"),
        cell(o.speaker || ""), cell(o.said_on || ""),
      ]));
    const kinds = summary.occasion_kinds;
    chart("chart-kinds", {
      tooltip: { trigger: "item", renderMode: "richText" },
      grid: { left: 70, right: 16, top: 8, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: kinds.map((k) => k[0]).reverse() },
      series: [{ type: "bar", data: kinds.map((k) => k[1]).reverse(),
        itemStyle: { color: "#5f6368" } }],
    });
  }

  function renderRequoted() {
    table(document.getElementById("requoted"),
      [["Passage"], ["Speaker"], ["Said on"], ["Articles", "number"], ["Variants", "number"],
        ["Disagreements", "number"]],
      summary.requoted.slice(0, LIST_ROWS).map((q) => [
        cell(q.text, "text"), cell(q.speaker || ""), cell(q.said_on || ""),
        cell(number(q.articles), "number"), cell(number(q.variants), "number"),
        cell(number(q.conflicts), "number"),
      ]));
  }

  function renderRuns() {
    const runs = summary.runs;
    const ok = runs.filter((r) => r.exit_status === 0);
    const failed = runs.filter((r) => r.exit_status !== 0);
    const point = (r) => [r.started_at, r.pages, r.exit_status];
    chart("chart-runs", {
      tooltip: { trigger: "item", renderMode: "richText" },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: "pages", minInterval: 1 },
      series: [
        { name: "exit 0", type: "scatter", data: ok.map(point), itemStyle: { color: "#137333" } },
        { name: "failed", type: "scatter", data: failed.map(point), symbol: "diamond",
          symbolSize: 12, itemStyle: { color: "#b3261e" } },
      ],
    });
    const errors = (e) => Object.entries(e || {}).map(([k, n]) => `${k} ${n}`).join(", ");
    table(document.getElementById("runs"),
      [["Started (UTC)"], ["Spider"], ["Pages", "number"], ["New", "number"],
        ["Changed", "number"], ["Errors"], ["Exit status"]],
      runs.slice(-LIST_ROWS).reverse().map((r) => [
        cell(String(r.started_at).replace("T", " ").slice(0, 19)), cell(r.spider || ""),
        cell(number(r.pages), "number"), cell(number(r.articles_new), "number"),
        cell(number(r.articles_changed), "number"), cell(errors(r.errors)),
        cell(el("span", { className: r.exit_status === 0 ? "status-ok" : "status-failed",
          title: r.exit_reason || "", text: `${r.exit_status}` +
            (r.drift ? ` (drift: ${r.drift})` : "") })),
      ]));
  }

  // -- the table -------------------------------------------------------------------------------
  const state = {
    filter: "", speaker: "", sort: null, // sort: {column, direction} or null (said, newest first)
    page: 0,
    matches: null, // rows matching the filter, as found so far (null: no filter)
    complete: true, // every chunk the filter needs has been read
    generation: 0, // bumped by each new filter or sort: older scans stop
    sorted: null, // all rows in the chosen order (when a sort is chosen)
  };

  function loadChunk(n) {
    if (chunks.has(n)) return Promise.resolve(chunks.get(n));
    if (!waiting.has(n)) {
      const promise = new Promise((resolve, reject) => waiting.set(n, [resolve, reject]));
      const script = el("script", { src: `data/rows-${String(n).padStart(5, "0")}.js` });
      script.addEventListener("error", () => {
        const pending = waiting.get(n);
        if (pending) { waiting.delete(n); pending[1](new Error(`chunk ${n} is missing`)); }
      });
      document.head.append(script);
      waiting.get(n).promise = promise;
    }
    return waiting.get(n).promise;
  }

  function rowMatches(row, needle, speaker) {
    if (speaker && row[SPEAKER] !== speaker) return false;
    if (!needle) return true;
    for (const i of [TEXT, SPEAKER, OCCASION, SECTION, TITLE]) {
      if (row[i] && String(row[i]).toLowerCase().includes(needle)) return true;
    }
    return false;
  }

  function chunksFor(speaker) {
    const t = summary.table;
    const all = [...Array(t.chunks).keys()];
    if (!speaker) return all;
    const index = summary.speakers.findIndex((s) => s.speaker === speaker);
    return all.filter((n) => (t.chunk_speakers[n] || []).includes(index));
  }

  async function scan() {
    // Reads the chunks the filter needs, in order, keeping the matches; shows the first page
    // as soon as it is full, and counts on until every chunk is read.
    const generation = ++state.generation;
    const needle = state.filter.toLowerCase();
    state.matches = [];
    state.complete = false;
    state.page = 0;
    const wanted = chunksFor(state.speaker);
    for (let i = 0; i < wanted.length; i++) {
      const rows = await loadChunk(wanted[i]);
      if (generation !== state.generation) return;
      for (const row of rows) if (rowMatches(row, needle, state.speaker)) state.matches.push(row);
      if (i === wanted.length - 1) state.complete = true;
      if (state.sort && state.complete) sortRows(state.matches);
      render(`${number(state.matches.length)} matching so far (read ${i + 1} of ${wanted.length} parts)`);
    }
    state.complete = true;
    if (state.sort) sortRows(state.matches);
    render();
  }

  function sortRows(rows) {
    const column = COLUMNS.find((c) => c.key === state.sort.column);
    const direction = state.sort.direction;
    const value = (row) => row[column.index];
    rows.sort((a, b) => {
      const x = value(a), y = value(b);
      if (x === y) return 0;
      if (x === null || x === undefined || x === "") return 1; // empty last, either way
      if (y === null || y === undefined || y === "") return -1;
      const order = column.sort === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return direction * order;
    });
  }

  async function sortAll() {
    // With no filter, sorting needs every row: read them all (a big table: filter first).
    const generation = ++state.generation;
    const t = summary.table;
    if (t.rows > MAX_SORT_ROWS) {
      state.sort = null;
      render(`${number(t.rows)} rows are too many to sort here: filter the table first`);
      return;
    }
    const rows = [];
    for (let n = 0; n < t.chunks; n++) {
      rows.push(...await loadChunk(n));
      if (generation !== state.generation) return;
      if (n % 10 === 0) setStatus(`sorting: read ${n + 1} of ${t.chunks} parts`, false);
    }
    sortRows(rows);
    state.sorted = rows;
    render();
  }

  function total() {
    return state.matches ? state.matches.length : summary.table.rows;
  }

  async function pageRows() {
    const start = state.page * PAGE_ROWS;
    if (state.matches) return state.matches.slice(start, start + PAGE_ROWS);
    if (state.sorted) return state.sorted.slice(start, start + PAGE_ROWS);
    // The whole table in its own order (said, newest first): the chunks this page falls in.
    const t = summary.table;
    const end = Math.min(start + PAGE_ROWS, t.rows);
    const rows = [];
    for (let n = Math.floor(start / t.chunk_rows); n * t.chunk_rows < end; n++) {
      const chunk = await loadChunk(n);
      const from = Math.max(0, start - n * t.chunk_rows);
      const to = Math.min(chunk.length, end - n * t.chunk_rows);
      rows.push(...chunk.slice(from, to));
    }
    return rows;
  }

  function setStatus(text, complete) {
    const status = document.getElementById("table-status");
    status.textContent = text;
    status.dataset.total = String(total());
    status.dataset.complete = String(complete);
  }

  async function render(progress) {
    const generation = state.generation;
    const rows = await pageRows();
    if (generation !== state.generation) return;
    const body = document.querySelector("#quotations tbody");
    const needle = state.filter.toLowerCase();
    body.replaceChildren(...rows.map((row) => tableRow(row, needle)));
    if (!rows.length) {
      body.append(el("tr", {}, el("td", { className: "empty", colspan: COLUMNS.length,
        text: summary.table.rows ? "no quotation matches" : "no quotation yet" })));
    }
    const n = total();
    const first = n ? state.page * PAGE_ROWS + 1 : 0;
    const last = state.page * PAGE_ROWS + rows.length;
    const done = state.complete;
    setStatus(progress && !done ? progress
      : `Showing ${number(first)}–${number(last)} of ${number(n)} quotations` +
        (state.matches ? " matching" : ""), done);
    const pages = Math.max(1, Math.ceil(n / PAGE_ROWS));
    document.getElementById("page").textContent = `page ${state.page + 1} of ${number(pages)}` +
      (done ? "" : "+");
    document.getElementById("previous").disabled = state.page === 0;
    document.getElementById("next").disabled = done && state.page + 1 >= pages;
    for (const th of document.querySelectorAll("#quotations th")) {
      th.classList.remove("sorted-asc", "sorted-desc");
      if (state.sort && th.dataset.column === state.sort.column) {
        th.classList.add(state.sort.direction > 0 ? "sorted-asc" : "sorted-desc");
      }
    }
  }

  // Quotations longer than this show their start, and the rest on a click.
  const SHORT_TEXT = 180;

  function quotation(text, needle) {
    const value = text || "";
    const lower = value.toLowerCase();
    if (value.length <= SHORT_TEXT || (needle && lower.indexOf(needle) >= SHORT_TEXT)) {
      return highlighted(value, needle);
    }
    const shown = highlighted(value.slice(0, SHORT_TEXT) + "…", needle);
    const more = el("button", { className: "link more", text: "more" });
    const wrapper = el("span", {}, shown, more);
    more.addEventListener("click", () => { wrapper.replaceChildren(highlighted(value, needle)); });
    return wrapper;
  }

  function highlighted(text, needle) {
    const span = el("span");
    const value = text || "";
    if (!needle) { span.textContent = value; return span; }
    const lower = value.toLowerCase();
    let at = 0;
    for (let found = lower.indexOf(needle); found >= 0; found = lower.indexOf(needle, at)) {
      span.append(value.slice(at, found), el("mark", { text: value.slice(found, found + needle.length) }));
      at = found + needle.length;
    }
    span.append(value.slice(at));
    return span;
  }

  function tableRow(row, needle) {
    const speaker = row[SPEAKER];
    const article = el("span", {}, link(row[TITLE], row[URL]));
    if (safeHref(row[CAPTURE])) {
      article.append(" ", link("archived", row[CAPTURE], { className: "capture", target: "_blank" }));
    }
    return el("tr", {},
      cell(quotation(row[TEXT], needle), "text"),
      cell(speaker ? el("button", { className: "link", text: speaker,
        onclick: () => chooseSpeaker(speaker) }) : "", "speaker", { speaker: speaker || "" }),
      cell(row[SAID] || ""),
      cell(highlighted(row[OCCASION], needle)),
      cell(highlighted(row[SECTION], needle)),
      cell(article),
      cell(row[7] || ""),
      cell(number(row[9]), "number"),
    );
  }

  function refilter() {
    state.sorted = null;
    if (!state.filter && !state.speaker) {
      state.generation++;
      state.matches = null;
      state.complete = true;
      state.page = 0;
      if (state.sort) sortAll(); else render();
      return;
    }
    scan();
  }

  function chooseSpeaker(name) {
    state.speaker = name;
    document.getElementById("speaker").value = name;
    refilter();
    document.getElementById("quotations").scrollIntoView({ behavior: "instant", block: "start" });
  }

  function chooseSort(column) {
    const same = state.sort && state.sort.column === column;
    state.sort = { column, direction: same ? -state.sort.direction : 1 };
    state.page = 0;
    if (state.matches) {
      if (state.complete) { sortRows(state.matches); render(); } else scan();
    } else {
      sortAll();
    }
  }

  function setUpTable() {
    const head = document.querySelector("#quotations thead tr");
    head.replaceChildren(...COLUMNS.map((c) => el("th", {
      className: `sortable${c.sort === "number" ? " number" : ""}`, text: c.label,
      dataset: { column: c.key }, title: "sort", onclick: () => chooseSort(c.key),
    })));
    const select = document.getElementById("speaker");
    for (const s of summary.speakers) select.append(el("option", { value: s.speaker, text: s.speaker }));
    select.addEventListener("change", () => { state.speaker = select.value; refilter(); });
    let timer = null;
    document.getElementById("filter").addEventListener("input", (event) => {
      clearTimeout(timer);
      timer = setTimeout(() => { state.filter = event.target.value.trim(); refilter(); }, 150);
    });
    document.getElementById("previous").addEventListener("click", () => {
      if (state.page > 0) { state.page--; render(); }
    });
    document.getElementById("next").addEventListener("click", () => {
      if ((state.page + 1) * PAGE_ROWS < total()) { state.page++; render(); }
    });
    render();
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!summary) {
      document.querySelector("main").replaceChildren(
        el("p", { className: "empty", text: "The report's data (data/summary.js) did not load." }));
      return;
    }
    renderCounts();
    yearsChart("chart-said", summary.said_by_year);
    yearsChart("chart-published", summary.published_by_year);
    renderSpeakers();
    renderOccasions();
    renderRequoted();
    renderRuns();
    setUpTable();
    document.body.dataset.ready = "true";
  });
})();
