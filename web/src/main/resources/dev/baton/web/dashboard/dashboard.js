"use strict";
(function () {
  const cfg = JSON.parse(document.getElementById("baton-config").textContent);
  const key = new URLSearchParams(location.search).get("code");
  const STATUSES = ["Pending", "Running", "Suspended", "Completed", "Failed", "Terminated",
    "ContinuedAsNew", "Canceled"];
  const FINISHED = ["Completed", "Failed", "Terminated", "Canceled"];
  const view = document.getElementById("view");
  let generation = 0; // bumped on every navigation: stale refreshes see it and stop
  let timer = null;

  // ---- small helpers ---------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "text") el.textContent = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  const enc = encodeURIComponent;
  function headers(extra) {
    const hs = Object.assign({}, extra);
    if (key) hs["x-functions-key"] = key;
    return hs;
  }
  async function call(method, url, opts) {
    opts = opts || {};
    const res = await fetch(url, { method, headers: headers(opts.headers), body: opts.body,
      credentials: "same-origin", cache: "no-store" });
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
    if (!res.ok) {
      const msg = body && body.message ? body.message : res.status + " " + res.statusText;
      const err = new Error(msg);
      err.status = res.status;
      throw err;
    }
    return { status: res.status, headers: res.headers, body };
  }
  const data = (path) => cfg.base + "/api" + path;
  const mgmt = (path) => cfg.api + path;
  const two = (n) => String(n).padStart(2, "0");
  function when(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " +
      two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
  }
  function badge(status) { return h("span", { class: "badge s-" + status, text: status }); }
  function flash(text, bad) {
    const f = document.getElementById("flash");
    f.textContent = text;
    f.className = "flash" + (bad ? " bad" : "");
    f.hidden = false;
    flash.at = Date.now();
    clearTimeout(flash.t);
    flash.t = setTimeout(() => { f.hidden = true; }, bad ? 12000 : 5000);
  }
  function pretty(p) {
    if (!p) return h("p", { class: "note", text: "none" });
    let text = p.text;
    try { text = JSON.stringify(JSON.parse(p.text), null, 2); } catch (e) { /* keep as is */ }
    return h("div", {},
      h("pre", { text }),
      p.truncated ? h("p", { class: "note",
        text: "showing the first " + p.text.length + " of " + p.length + " characters" }) : null);
  }
  function instanceLink(id) { return h("a", { href: "#/instance/" + enc(id), text: id }); }
  function entityHref(instanceId) {
    const m = /^@([^@]*)@(.*)$/.exec(instanceId || "");
    return m ? "#/entity/" + enc(m[1]) + "/" + enc(m[2] === "" ? "$" : m[2]) : null;
  }
  function stopLive() {
    if (timer) clearTimeout(timer);
    timer = null;
    document.getElementById("live").hidden = true;
  }

  // ---- routing ---------------------------------------------------------------------------
  function route() {
    generation++;
    stopLive();
    if (!flash.at || Date.now() - flash.at > 1000) document.getElementById("flash").hidden = true;
    const hash = location.hash.replace(/^#/, "") || "/instances";
    const [path, query] = hash.split("?");
    const params = new URLSearchParams(query || "");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    document.getElementById("nav-instances").className = parts[0] === "entities" || parts[0] === "entity" ? "" : "on";
    document.getElementById("nav-entities").className = parts[0] === "entities" || parts[0] === "entity" ? "on" : "";
    if (parts[0] === "instance" && parts.length >= 2) return showInstance(parts.slice(1).join("/"));
    if (parts[0] === "entities") return showEntities(params);
    if (parts[0] === "entity" && parts.length >= 3) return showEntity(parts[1], parts.slice(2).join("/"));
    return showInstances(params);
  }
  window.addEventListener("hashchange", route);

  function failed(e) {
    view.replaceChildren(h("div", { class: "card error", id: "load-error", text: e.message }));
  }

  // ---- instance list ---------------------------------------------------------------------
  function showInstances(params) {
    const chosen = (params.get("status") || "").split(",").filter(Boolean);
    const form = h("form", { class: "filters card", id: "instance-filters" },
      h("fieldset", {}, h("legend", { text: "Status" }),
        STATUSES.map((s) => h("label", {}, h("input", { type: "checkbox", name: "status", value: s,
          checked: chosen.includes(s) }), s))),
      h("label", {}, "Name", h("input", { type: "text", name: "name", value: params.get("name") || "",
        placeholder: "orchestrator name" })),
      h("label", {}, "Id prefix", h("input", { type: "text", name: "prefix",
        value: params.get("prefix") || "" })),
      h("label", {}, "Created from", h("input", { type: "datetime-local", name: "from", step: 1,
        value: params.get("from") || "" })),
      h("label", {}, "Created to", h("input", { type: "datetime-local", name: "to", step: 1,
        value: params.get("to") || "" })),
      h("label", {}, "Per page", h("select", { name: "top" },
        [20, 50, 100, 500].map((n) => h("option", { value: n,
          selected: String(n) === (params.get("top") || String(cfg.pageSize)) }, n)))),
      h("button", { type: "submit", class: "primary", id: "apply" }, "Apply"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      const q = new URLSearchParams();
      const st = fd.getAll("status");
      if (st.length) q.set("status", st.join(","));
      for (const k of ["name", "prefix", "from", "to", "top"]) if (fd.get(k)) q.set(k, fd.get(k));
      location.hash = "#/instances?" + q.toString();
    });
    const body = h("div", {});
    view.replaceChildren(h("h1", { text: "Orchestration instances" }), form, body);
    const q = new URLSearchParams();
    if (chosen.length) q.set("runtimeStatus", chosen.join(","));
    if (params.get("name")) q.set("name", params.get("name"));
    if (params.get("prefix")) q.set("instanceIdPrefix", params.get("prefix"));
    if (params.get("from")) q.set("createdTimeFrom", new Date(params.get("from")).toISOString());
    if (params.get("to")) q.set("createdTimeTo", new Date(params.get("to")).toISOString());
    q.set("top", params.get("top") || cfg.pageSize);
    pager(body, data("/instances?" + q.toString()), "instances", instanceTable);
  }

  /** Pages through a list: tokens of the pages seen are kept, so Previous goes back. */
  function pager(container, url, field, table) {
    const tokens = [null];
    let page = 0;
    const gen = generation;
    async function load() {
      const hs = tokens[page] ? { "x-ms-continuation-token": tokens[page] } : {};
      let res;
      try { res = await call("GET", url, { headers: hs }); } catch (e) { if (gen === generation) failed(e); return; }
      if (gen !== generation) return;
      const items = res.body[field];
      const next = res.body.continuationToken;
      tokens.length = page + 1;
      if (next) tokens.push(next);
      const prev = h("button", { type: "button", id: "prev-page", disabled: page === 0,
        onclick: () => { page--; load(); } }, "Previous");
      const more = h("button", { type: "button", id: "next-page", disabled: !next,
        onclick: () => { page++; load(); } }, "Next");
      container.replaceChildren(
        h("div", { class: "pager" }, prev, h("span", { id: "page-info",
          text: "page " + (page + 1) + " · " + items.length + " shown" + (next ? " · more follow" : "") }), more),
        items.length ? table(items) : h("div", { class: "empty", text: "nothing matches" }));
    }
    load();
  }

  function instanceTable(items) {
    return h("table", { id: "instances" },
      h("thead", {}, h("tr", {}, ["Instance id", "Name", "Status", "Created", "Last updated"]
        .map((t) => h("th", { text: t })))),
      h("tbody", {}, items.map((i) => h("tr", { "data-id": i.instanceId },
        h("td", { class: "id" }, instanceLink(i.instanceId)), h("td", { text: i.name }),
        h("td", {}, badge(i.runtimeStatus)), h("td", { text: when(i.createdTime) }),
        h("td", { text: when(i.lastUpdatedTime) })))));
  }

  // ---- one instance ----------------------------------------------------------------------
  function showInstance(id) {
    const gen = generation;
    let last = null;
    let timelineBox = null;
    async function load() {
      let res;
      try { res = await call("GET", data("/instances/" + enc(id))); } catch (e) {
        if (gen === generation) failed(e);
        return;
      }
      if (gen !== generation) return;
      const inst = res.body;
      const tl = inst.timeline;
      // the same answer but for the clock: redraw the timeline only, keep the buttons in place
      const seen = JSON.stringify(Object.assign({}, inst, { timeline: Object.assign({}, tl, { now: 0, nowMs: 0 }) }));
      const same = seen === last;
      last = seen;
      if (same && timelineBox) {
        timelineBox.replaceChildren(timeline(inst)); // only the open bars grew
      } else {
        timelineBox = h("div", { class: "card", id: "timeline-card" }, timeline(inst));
        renderInstance(inst, timelineBox);
      }
      // an action was just accepted (e.g. rewind of a Failed instance): the engine applies it a
      // moment later, so a finished page keeps asking until the status moves, for 30 s at most
      const pending = showInstance.pending;
      const waiting = pending && pending.id === id && pending.status === inst.runtimeStatus &&
        Date.now() < pending.until;
      if (pending && !waiting) showInstance.pending = null;
      if (!inst.finished || waiting) {
        document.getElementById("live").hidden = false;
        timer = setTimeout(() => { if (gen === generation) load(); }, cfg.refreshMillis);
      } else {
        stopLive();
      }
    }
    showInstance.reload = load;
    load();
  }

  function renderInstance(inst, timelineBox) {
    const st = inst.runtimeStatus;
    const finished = FINISHED.includes(st);
    const children = inst.timeline.spans.filter((s) => s.kind === "suborchestration" && s.instanceId);
    const parent = inst.timeline.parentInstanceId;
    const act = (label, id, enabled, fn) => h("button", { type: "button", id, disabled: !enabled,
      onclick: fn }, label);
    const actions = h("div", { class: "actions", id: "actions" },
      act("Terminate", "act-terminate", !finished, () => reasonAction(inst, "terminate", "Terminate")),
      act("Suspend", "act-suspend", st === "Running", () => reasonAction(inst, "suspend", "Suspend")),
      act("Resume", "act-resume", st === "Suspended", () => reasonAction(inst, "resume", "Resume")),
      act("Rewind", "act-rewind", st === "Failed", () => reasonAction(inst, "rewind", "Rewind")),
      act("Restart", "act-restart", true, () => restartAction(inst)),
      act("Raise event", "act-raise", !finished, () => raiseAction(inst)),
      act("Purge", "act-purge", finished, () => purgeAction(inst)));
    view.replaceChildren(...[
      h("p", { class: "sub" }, h("a", { href: "#/instances", text: "← instances" })),
      h("h1", { id: "instance-id", text: inst.instanceId }),
      h("div", { class: "sub" }, badge(st), " ", h("span", { id: "instance-name", text: inst.name }),
        inst.version ? " · version " + inst.version : ""),
      h("div", { class: "card" },
        h("dl", { class: "meta" },
          h("dt", { text: "Status" }), h("dd", { id: "instance-status", text: st }),
          h("dt", { text: "Created" }), h("dd", { text: when(inst.createdTime) }),
          h("dt", { text: "Last updated" }), h("dd", { text: when(inst.lastUpdatedTime) }),
          h("dt", { text: "Parent" }), h("dd", { id: "parent" }, parent ? instanceLink(parent) : "none"),
          h("dt", { text: "Children" }), h("dd", { id: "children" },
            children.length ? children.map((c, i) => [i ? ", " : "", instanceLink(c.instanceId)]) : "none")),
        actions),
      inst.failure ? failureCard(inst.failure) : null,
      h("h2", { text: "History" }), timelineBox,
      h("div", { class: "grid3" },
        h("div", { class: "card", id: "input" }, h("h2", { text: "Input" }), pretty(inst.input)),
        h("div", { class: "card", id: "output" }, h("h2", { text: "Output" }), pretty(inst.output)),
        h("div", { class: "card", id: "custom-status" }, h("h2", { text: "Custom status" }),
          pretty(inst.customStatus)))].filter(Boolean));
  }

  function failureLines(f) {
    const out = [];
    for (let c = f, first = true; c; c = c.cause, first = false) {
      out.push(h("div", {}, first ? "" : "caused by ", h("span", { class: "type", text: c.type }),
        c.message ? ": " + c.message : ""));
    }
    return out;
  }
  function failureCard(f) {
    return h("div", { class: "card failure", id: "failure" }, h("h2", { text: "Failure" }), failureLines(f));
  }

  // ---- the timeline ----------------------------------------------------------------------
  function duration(ms) {
    if (ms < 1) return (ms * 1000).toFixed(ms < 0.01 ? 1 : 0) + " µs";
    if (ms < 1000) return (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)) + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + " s";
    if (ms < 3600000) return (ms / 60000).toFixed(1) + " min";
    if (ms < 86400000) return (ms / 3600000).toFixed(1) + " h";
    return (ms / 86400000).toFixed(1) + " d";
  }
  function niceStep(total) {
    const raw = total / 6;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (raw <= m * mag) return m * mag;
    return 10 * mag;
  }
  function timeline(inst) {
    const tl = inst.timeline;
    const now = tl.nowMs;
    const endOf = (s) => (s.end === null || s.end === undefined ? now : s.end);
    let total = tl.end !== null && tl.end !== undefined ? tl.end : now;
    for (const s of tl.spans) total = Math.max(total, endOf(s));
    total = Math.max(total, 0.001);
    const pct = (ms) => Math.max(0, Math.min(100, (ms / total) * 100));
    const step = niceStep(total);
    const ticks = [];
    for (let t = 0; t <= total * 1.0001; t += step) {
      const tick = h("span", { class: "tl-tick", text: t === 0 ? "0" : "+" + duration(t) });
      tick.style.left = pct(t) + "%";
      ticks.push(tick);
    }
    const rows = [];
    const orch = { kind: "orchestration", name: inst.name, start: 0, end: tl.end, state:
      FINISHED.includes(inst.runtimeStatus) ? inst.runtimeStatus.toLowerCase() : "running" };
    const spans = [orch].concat(tl.spans.filter((s) => s.kind !== "execution"));
    const marks = tl.spans.filter((s) => s.kind === "execution");
    for (const s of spans) {
      const bar = h("div", { class: "tl-bar" + (s.point ? " point" : "") });
      bar.style.left = pct(s.start) + "%";
      if (!s.point) bar.style.width = (pct(endOf(s)) - pct(s.start)) + "%";
      const len = endOf(s) - s.start;
      const title = s.name + " · " + s.state + (s.point ? "" : " · " + duration(len)) +
        " · at +" + duration(s.start);
      bar.setAttribute("title", title);
      const track = h("div", { class: "tl-track" }, bar);
      if (s.kind === "orchestration") {
        for (const m of marks) {
          const mk = h("div", { class: "tl-bar point", title: m.name + " at +" + duration(m.start) });
          mk.style.left = pct(m.start) + "%";
          track.append(mk);
        }
      }
      const row = h("div", { class: "tl-row kind-" + s.kind + " state-" + s.state, "data-kind": s.kind,
        "data-state": s.state },
        h("div", { class: "tl-label", title },
          h("span", { class: "tl-kind", text: s.kind === "suborchestration" ? "sub-orch." : s.kind }),
          h("span", { class: "tl-name", text: s.name })),
        track);
      row.addEventListener("click", (ev) => {
        if (ev.target.closest("a")) return;
        const open = row.nextSibling && row.nextSibling.classList && row.nextSibling.classList.contains("tl-detail");
        if (open) row.nextSibling.remove(); else row.after(spanDetail(s, len));
      });
      rows.push(row);
    }
    const legend = h("div", { class: "legend" },
      [["activity", "var(--ok)"], ["timer", "var(--wait)"], ["sub-orchestration", "#2b8a9a"],
        ["entity", "#8a6d2b"], ["event", "var(--accent)"], ["suspended", "var(--sus)"],
        ["failed", "var(--fail)"]].map(([n, c]) => { const i = h("i"); i.style.background = c; return h("span", {}, i, n); }),
      h("span", { text: "· " + duration(total) + " in all" + (tl.truncated ? " · later spans left out" : "") }));
    return h("div", { class: "tl", id: "timeline" }, legend,
      h("div", { class: "tl-axis" }, h("div"), h("div", { class: "tl-ticks" }, ticks)), rows);
  }
  function spanDetail(s, len) {
    const lines = [h("div", { text: s.kind + " " + s.name + ": " + s.state +
      (s.point ? "" : ", " + duration(len)) + ", from +" + duration(s.start) })];
    if (s.instanceId) {
      const eh = entityHref(s.instanceId);
      lines.push(h("div", {}, "instance: ", eh ? h("a", { href: eh, text: s.instanceId }) : instanceLink(s.instanceId)));
    }
    if (s.fireAt !== undefined) lines.push(h("div", { text: "fires at +" + duration(s.fireAt) }));
    if (s.input !== undefined && s.input !== null) lines.push(h("div", { text: "input" }), h("pre", { text: s.input }));
    if (s.result !== undefined && s.result !== null) lines.push(h("div", { text: "result" }), h("pre", { text: s.result }));
    if (s.failure) lines.push(h("div", { class: "failure" }, failureLines(s.failure)));
    if (s.reason) lines.push(h("div", { text: "reason: " + s.reason }));
    return h("div", { class: "tl-detail" }, lines);
  }

  // ---- actions, each behind a confirmation -----------------------------------------------
  const dialog = document.getElementById("confirm");
  const dform = document.getElementById("confirm-form");
  let onConfirm = null;
  document.getElementById("confirm-cancel").addEventListener("click", () => dialog.close());
  dform.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const err = document.getElementById("confirm-error");
    err.hidden = true;
    const ok = document.getElementById("confirm-ok");
    ok.disabled = true;
    try {
      await onConfirm(new FormData(dform));
      dialog.close();
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
    } finally {
      ok.disabled = false;
    }
  });
  function confirmAction(title, text, fields, okLabel, fn) {
    document.getElementById("confirm-title").textContent = title;
    document.getElementById("confirm-text").textContent = text;
    document.getElementById("confirm-fields").replaceChildren(...fields);
    document.getElementById("confirm-ok").textContent = okLabel;
    document.getElementById("confirm-error").hidden = true;
    onConfirm = fn;
    dialog.showModal();
  }
  const reasonField = () => h("label", {}, "Reason (optional)", h("input", { type: "text", name: "reason", id: "confirm-reason" }));
  const instUrl = (inst) => mgmt("/instances/" + enc(inst.instanceId));
  function done(text, inst) {
    flash(text);
    if (inst) showInstance.pending = { id: inst.instanceId, status: inst.runtimeStatus, until: Date.now() + 30000 };
    if (timer) clearTimeout(timer); // one chain of refreshes, not two
    if (showInstance.reload) showInstance.reload();
  }

  function reasonAction(inst, op, label) {
    confirmAction(label + " instance?", label + " " + inst.instanceId + " (" + inst.name + ").",
      [reasonField()], label, async (fd) => {
        const reason = fd.get("reason");
        await call("POST", instUrl(inst) + "/" + op + (reason ? "?reason=" + enc(reason) : ""));
        done(label + " requested for " + inst.instanceId, inst);
      });
  }
  function restartAction(inst) {
    const running = !FINISHED.includes(inst.runtimeStatus);
    confirmAction("Restart instance?", "Start " + inst.name + " again from the beginning with the same input.",
      [h("label", {}, h("input", { type: "checkbox", name: "newId", checked: running, disabled: running }),
        " with a new instance id" + (running ? " (it still runs)" : ""))],
      "Restart", async (fd) => {
        const fresh = running || fd.get("newId") !== null;
        const res = await call("POST", instUrl(inst) + "/restart?restartWithNewInstanceId=" + fresh);
        flash("restarted as " + res.body.id);
        location.hash = "#/instance/" + enc(res.body.id);
        if (res.body.id === inst.instanceId && showInstance.reload) showInstance.reload();
      });
  }
  function raiseAction(inst) {
    confirmAction("Raise an event?", "Send an external event to " + inst.instanceId + ".",
      [h("label", {}, "Event name", h("input", { type: "text", name: "event", id: "confirm-event", required: true })),
        h("label", {}, "Data (JSON, optional)", h("textarea", { name: "data", id: "confirm-data", rows: 4 }))],
      "Raise", async (fd) => {
        const name = (fd.get("event") || "").trim();
        const body = (fd.get("data") || "").trim();
        if (!name) throw new Error("give the event a name");
        if (body) { try { JSON.parse(body); } catch (e) { throw new Error("the data is not valid JSON: " + e.message); } }
        await call("POST", instUrl(inst) + "/raiseEvent/" + enc(name),
          { headers: { "Content-Type": "application/json" }, body: body || "null" });
        done("event '" + name + "' raised on " + inst.instanceId);
      });
  }
  function purgeAction(inst) {
    confirmAction("Purge instance?", "Delete the history and status of " + inst.instanceId +
      " for good. This cannot be undone.", [], "Purge", async () => {
      await call("DELETE", instUrl(inst));
      flash("purged " + inst.instanceId);
      location.hash = "#/instances";
    });
  }

  // ---- entities --------------------------------------------------------------------------
  function showEntities(params) {
    const form = h("form", { class: "filters card", id: "entity-filters" },
      h("label", {}, "Name prefix", h("input", { type: "text", name: "name", value: params.get("name") || "" })),
      h("label", {}, "Last operation from", h("input", { type: "datetime-local", name: "from", step: 1,
        value: params.get("from") || "" })),
      h("label", {}, "Last operation to", h("input", { type: "datetime-local", name: "to", step: 1,
        value: params.get("to") || "" })),
      h("fieldset", {}, h("label", {}, h("input", { type: "checkbox", name: "deleted", value: "1",
        checked: params.get("deleted") === "1" }), " include entities without state")),
      h("button", { type: "submit", class: "primary" }, "Apply"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      const q = new URLSearchParams();
      for (const k of ["name", "from", "to", "deleted"]) if (fd.get(k)) q.set(k, fd.get(k));
      location.hash = "#/entities?" + q.toString();
    });
    const body = h("div", {});
    view.replaceChildren(h("h1", { text: "Entities" }), form, body);
    const q = new URLSearchParams();
    if (params.get("name")) q.set("name", params.get("name"));
    if (params.get("from")) q.set("lastOperationTimeFrom", new Date(params.get("from")).toISOString());
    if (params.get("to")) q.set("lastOperationTimeTo", new Date(params.get("to")).toISOString());
    if (params.get("deleted") === "1") q.set("includeDeleted", "true");
    q.set("top", cfg.pageSize);
    pager(body, data("/entities?" + q.toString()), "entities", (items) => h("table", { id: "entities" },
      h("thead", {}, h("tr", {}, ["Name", "Key", "Last operation", "Locked by", "Backlog", "State"]
        .map((t) => h("th", { text: t })))),
      h("tbody", {}, items.map((e) => h("tr", { "data-id": e.instanceId },
        h("td", { text: e.name }),
        h("td", { class: "id" }, h("a", { href: entityHref(e.instanceId), text: e.key === "" ? "$" : e.key })),
        h("td", { text: when(e.lastOperationTime) }),
        h("td", { class: "id" }, e.lockedBy ? instanceLink(e.lockedBy) : ""),
        h("td", { text: e.backlog }), h("td", { text: e.hasState ? "yes" : "none" }))))));
  }

  async function showEntity(name, key) {
    const gen = generation;
    let res;
    try { res = await call("GET", data("/entities/" + enc(name) + "/" + enc(key))); } catch (e) {
      if (gen === generation) failed(e);
      return;
    }
    if (gen !== generation) return;
    const e = res.body;
    view.replaceChildren(
      h("p", { class: "sub" }, h("a", { href: "#/entities", text: "← entities" })),
      h("h1", { id: "entity-id", text: e.name + " / " + (e.key === "" ? "$" : e.key) }),
      h("div", { class: "card" }, h("dl", { class: "meta" },
        h("dt", { text: "Last operation" }), h("dd", { text: when(e.lastOperationTime) }),
        h("dt", { text: "Locked by" }), h("dd", { id: "entity-lock" }, e.lockedBy ? instanceLink(e.lockedBy) : "nobody"),
        h("dt", { text: "Backlog" }), h("dd", { id: "entity-backlog", text: e.backlog + " waiting" }),
        h("dt", { text: "State size" }), h("dd", { id: "entity-size", text: e.stateLength + " characters" }))),
      h("div", { class: "card", id: "entity-state" }, h("h2", { text: "State" }), pretty(e.state)));
  }

  route();
})();
