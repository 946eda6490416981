// apc serve: the review page. Sends the draft to this server only (/api/check, /api/render),
// shows the rendered review page with each diagnostic in place, a list of problems that jumps
// to each, and downloads. No external resource, no inline script, no storage but the language.
'use strict';

const T = {
  vi: {
    title: 'Soát xét chương trình, kế hoạch',
    inputTitle: 'Văn bản cần soát xét',
    drop: 'Kéo thả tệp văn bản vào đây',
    or: 'hoặc',
    choose: 'Chọn tệp…',
    formats: 'Tệp .txt (UTF-8, UTF-16), .docx hoặc .doc',
    paste: 'Hoặc dán nội dung văn bản:',
    check: 'Kiểm tra',
    errors: 'lỗi', warnings: 'cảnh báo', notes: 'ghi chú',
    error: 'lỗi', warning: 'cảnh báo', note: 'ghi chú',
    download: 'Tải về:',
    problems: 'Các vấn đề',
    none: 'Không phát hiện vấn đề nào.',
    private: 'Văn bản chỉ được xử lý trên máy chủ này, không lưu lại và không gửi đi nơi khác.',
    checking: 'Đang kiểm tra…',
    checked: (n) => `Đã kiểm tra xong (${n}).`,
    empty: 'Chưa có nội dung để kiểm tra.',
    line: (l, c) => (l ? `dòng ${l}${c ? ':' + c : ''}` : 'cả văn bản'),
    symbol: 'Số, ký hiệu', date: 'ngày', implements: 'thực hiện',
    sending: (p) => `Đang gửi văn bản… ${p}%`,
    working: (s) => `Đang tạo PDF… ${s} giây (thường mất vài giây)`,
    receiving: (p) => `Đang nhận tệp… ${p}%`,
    done: 'Xong.',
    failed: 'Không thực hiện được: ',
    network: 'không kết nối được với máy chủ',
    docLabel: 'Văn bản',
    pasted: 'van-ban-dan.txt',
    fix: (f) => (f.replacement ? `Sửa: thay cột ${f.column}–${f.endColumn} bằng “${f.replacement}”`
      : `Sửa: xoá cột ${f.column}–${f.endColumn}`),
  },
  en: {
    title: 'Review of programs and plans',
    inputTitle: 'The document to review',
    drop: 'Drop a document file here',
    or: 'or',
    choose: 'Choose a file…',
    formats: '.txt files (UTF-8, UTF-16), .docx or .doc',
    paste: 'Or paste the text of the document:',
    check: 'Check',
    errors: 'errors', warnings: 'warnings', notes: 'notes',
    error: 'error', warning: 'warning', note: 'note',
    download: 'Download:',
    problems: 'Problems',
    none: 'No problems found.',
    private: 'The document is processed on this server only: not kept, not sent anywhere else.',
    checking: 'Checking…',
    checked: (n) => `Checked (${n}).`,
    empty: 'There is nothing to check yet.',
    line: (l, c) => (l ? `line ${l}${c ? ':' + c : ''}` : 'whole document'),
    symbol: 'Symbol', date: 'dated', implements: 'implements',
    sending: (p) => `Sending the document… ${p}%`,
    working: (s) => `Making the PDF… ${s} s (it usually takes a few seconds)`,
    receiving: (p) => `Receiving the file… ${p}%`,
    done: 'Done.',
    failed: 'Could not do it: ',
    network: 'cannot reach the server',
    docLabel: 'Document',
    pasted: 'pasted-document.txt',
    fix: (f) => (f.replacement ? `Fix: replace columns ${f.column}–${f.endColumn} with “${f.replacement}”`
      : `Fix: delete columns ${f.column}–${f.endColumn}`),
  },
};

const $ = (id) => document.getElementById(id);
const state = { lang: 'vi', blob: null, name: '', report: null, run: 0 };

function t(key, ...args) {
  const v = T[state.lang][key];
  return typeof v === 'function' ? v(...args) : v;
}

function setLang(lang) {
  state.lang = lang === 'en' ? 'en' : 'vi';
  document.documentElement.lang = state.lang;
  document.title = 'apc — ' + t('title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const b of document.querySelectorAll('[data-lang]'))
    b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  $('doc').setAttribute('aria-label', t('docLabel'));
  try { localStorage.setItem('apc-lang', state.lang); } catch (e) { /* storage refused: fine */ }
  if (state.blob) review();
}

function setStatus(text, isError) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', !!isError);
}

function form() {
  const fd = new FormData();
  fd.append('file', state.blob, state.name);
  return fd;
}

async function errorText(res) {
  try {
    const j = await res.json();
    if (j && j.error && j.error.message) return j.error.message;
  } catch (e) { /* not JSON */ }
  return `HTTP ${res.status}`;
}

async function post(path) {
  const res = await fetch(path, { method: 'POST', body: form(), credentials: 'same-origin' });
  if (!res.ok) throw new Error(await errorText(res));
  return res;
}

// Check and render the current document, then show both.
async function review(scroll) {
  const run = ++state.run;
  setStatus(t('checking'));
  document.body.classList.add('busy');
  try {
    const lang = encodeURIComponent(state.lang);
    const [check, page] = await Promise.all([
      post(`/api/check?lang=${lang}`).then((r) => r.json()),
      post(`/api/render?format=html&annotate=1&lang=${lang}`).then((r) => r.text()),
    ]);
    if (run !== state.run) return;
    state.report = check;
    showDocument(page);
    showReport(check);
    const s = check.summary || {};
    setStatus(t('checked', `${s.errors || 0} ${t('errors')}, ${s.warnings || 0} ${t('warnings')}, ${s.notes || 0} ${t('notes')}`));
    if (scroll) $('result').scrollIntoView({ block: 'start' });
  } catch (e) {
    if (run === state.run) setStatus(t('failed') + (e instanceof TypeError ? t('network') : e.message), true);
  } finally {
    if (run === state.run) document.body.classList.remove('busy');
  }
}

function load(blob, name) {
  if (!blob || blob.size === 0) {
    setStatus(t('empty'), true);
    return;
  }
  state.blob = blob;
  state.name = name;
  review(true);
}

// ---- the rendered document, in a shadow root so that its styles and ours do not mix ----

const docStyle = `
:host { display: block; }
.apc-body { margin: 0; }
.diag.current { outline: 3px solid #1a73e8; outline-offset: 2px; animation: flash 1.2s ease-out; }
.line-target { background: #fff3c4; transition: background 1.5s; }
@keyframes flash { from { background: #fff3c4; } to { background: transparent; } }
.toolbar { top: 0; }
`;

function showDocument(html) {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const host = $('doc');
  const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
  root.replaceChildren();
  for (const st of parsed.querySelectorAll('style')) {
    const s = document.createElement('style');
    // the page's html/body/:root rules apply to the shadow host and its wrapper instead
    s.textContent = st.textContent
      .replace(/:root\b/g, ':host')
      .replace(/(^|[\s,}])html(?=[\s,{])/g, '$1:host')
      .replace(/(^|[\s,}])body(?=[\s,{.])/g, '$1.apc-body');
    root.append(s);
  }
  const own = document.createElement('style');
  own.textContent = docStyle;
  root.append(own);
  const wrap = document.createElement('div');
  wrap.className = ('apc-body ' + parsed.body.className).trim();
  for (const n of Array.from(parsed.body.childNodes)) wrap.append(document.importNode(n, true));
  for (const s of wrap.querySelectorAll('script')) s.remove();
  root.append(wrap);
  // links inside the document (#mission-3, #appendix) scroll within it
  root.addEventListener('click', (ev) => {
    const a = ev.target.closest && ev.target.closest('a[href^="#"]');
    if (!a) return;
    const target = root.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    if (target) {
      ev.preventDefault();
      target.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  });
}

// The element showing diagnostic d in the rendered page: its note (matched by line:col), else
// the element of its line, else the nearest element before it.
function placeOf(d) {
  const root = $('doc').shadowRoot;
  if (!root) return null;
  const key = `${d.line}:${d.column}`;
  for (const el of root.querySelectorAll('.diag')) {
    const loc = el.querySelector('.loc');
    const m = loc && loc.textContent.match(/(\d+):(\d+)/);
    if (m && `${m[1]}:${m[2]}` === key) return el;
  }
  let best = null, bestLine = -1;
  for (const el of root.querySelectorAll('[id*="-L"]')) {
    const m = el.id.match(/-L(\d+)$/);
    if (!m) continue;
    const l = Number(m[1]);
    if (l <= d.line && l > bestLine) { best = el; bestLine = l; }
  }
  return best || root.querySelector('.sheet');
}

function jump(d, item) {
  const el = placeOf(d);
  if (!el) return;
  const root = $('doc').shadowRoot;
  for (const c of root.querySelectorAll('.current, .line-target')) c.classList.remove('current', 'line-target');
  el.classList.add(el.classList.contains('diag') ? 'current' : 'line-target');
  el.scrollIntoView({ behavior: 'auto', block: 'center' });
  for (const li of document.querySelectorAll('#problem-list li')) li.classList.toggle('selected', li === item);
}

// ---- the report: counts, facts, the list of problems ----

function showReport(j) {
  const diags = (j.diagnostics || []).slice();
  const file = (j.files || [])[0] || {};
  const s = j.summary || {};
  $('result').hidden = false;
  $('doc-name').textContent = state.name;
  $('n-error').textContent = s.errors || 0;
  $('n-warning').textContent = s.warnings || 0;
  $('n-note').textContent = s.notes || 0;
  const facts = [];
  if (file.symbol) facts.push(`${t('symbol')}: ${file.symbol}${file.date ? ' ' + t('date') + ' ' + file.date : ''}`);
  for (const p of file.parents || []) facts.push(`${t('implements')} ${p.ref}${p.date ? ' (' + p.date + ')' : ''}`);
  $('facts').textContent = facts.join(' · ');
  const list = $('problem-list');
  list.replaceChildren();
  const rank = { error: 0, warning: 1, note: 2 };
  diags.sort((a, b) => (rank[a.severity] - rank[b.severity]) || (a.line - b.line) || (a.column - b.column));
  for (const d of diags) {
    const li = document.createElement('li');
    li.className = 'sev-' + d.severity;
    li.dataset.rule = d.rule;
    li.dataset.line = d.line;
    const b = document.createElement('button');
    b.type = 'button';
    const sev = document.createElement('span');
    sev.className = 'sev';
    sev.textContent = t(d.severity) || d.severity;
    const loc = document.createElement('span');
    loc.className = 'loc';
    loc.textContent = t('line', d.line, d.column);
    const msg = document.createElement('span');
    msg.className = 'msg';
    msg.textContent = d.message;
    const rule = document.createElement('code');
    rule.className = 'rule';
    rule.textContent = d.rule;
    b.append(sev, ' ', loc, msg, rule);
    const fix = d.fix || d.hint;
    if (fix) {
      const f = document.createElement('span');
      f.className = 'fix';
      f.textContent = typeof fix === 'string' ? fix : t('fix', fix);
      b.append(f);
    }
    b.addEventListener('click', () => jump(d, li));
    li.append(b);
    list.append(li);
  }
  $('no-problems').hidden = diags.length > 0;
}

// ---- downloads (PDF with progress) ----

function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function baseName() {
  const n = state.name || 'van-ban';
  const dot = n.lastIndexOf('.');
  return dot > 0 ? n.slice(0, dot) : n;
}

function download(format, button) {
  if (!state.blob) return;
  const work = $('pdf-work'), bar = $('pdf-progress'), status = $('pdf-status');
  const pdf = format === 'pdf';
  const xhr = new XMLHttpRequest();
  let timer = null;
  const started = Date.now();
  const stop = () => { if (timer) clearInterval(timer); timer = null; button.disabled = false; };
  button.disabled = true;
  if (pdf) {
    work.hidden = false;
    bar.value = 0;
    bar.max = 100;
    status.textContent = t('sending', 0);
  }
  xhr.open('POST', `/api/render?format=${format}&lang=${encodeURIComponent(state.lang)}`);
  xhr.responseType = 'blob';
  xhr.upload.onprogress = (ev) => {
    if (!pdf || !ev.lengthComputable) return;
    bar.value = Math.round((ev.loaded / ev.total) * 10);
    status.textContent = t('sending', Math.round((ev.loaded / ev.total) * 100));
  };
  xhr.upload.onload = () => {
    if (!pdf) return;
    bar.removeAttribute('value');                 // indeterminate while FOP works
    timer = setInterval(() => {
      status.textContent = t('working', Math.round((Date.now() - started) / 1000));
    }, 500);
    status.textContent = t('working', 0);
  };
  xhr.onprogress = (ev) => {
    if (!pdf || !ev.lengthComputable) return;
    if (timer) { clearInterval(timer); timer = null; }
    bar.value = 10 + Math.round((ev.loaded / ev.total) * 90);
    status.textContent = t('receiving', Math.round((ev.loaded / ev.total) * 100));
  };
  xhr.onload = async () => {
    stop();
    if (xhr.status === 200) {
      save(xhr.response, `${baseName()}.${format}`);
      if (pdf) { bar.value = 100; status.textContent = t('done'); }
      return;
    }
    let msg = `HTTP ${xhr.status}`;
    try { msg = JSON.parse(await xhr.response.text()).error.message || msg; } catch (e) { /* keep */ }
    if (pdf) status.textContent = t('failed') + msg;
    else setStatus(t('failed') + msg, true);
  };
  xhr.onerror = () => {
    stop();
    if (pdf) status.textContent = t('failed') + t('network');
    else setStatus(t('failed') + t('network'), true);
  };
  xhr.send(form());
}

// ---- wiring ----

function init() {
  let lang = 'vi';
  try { lang = localStorage.getItem('apc-lang') || 'vi'; } catch (e) { /* default */ }
  for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLang(b.dataset.lang));
  $('file').addEventListener('change', (ev) => {
    const f = ev.target.files && ev.target.files[0];
    if (f) load(f, f.name);
    ev.target.value = '';
  });
  $('check-paste').addEventListener('click', () => {
    const text = $('paste').value;
    load(new Blob([text], { type: 'text/plain;charset=utf-8' }), t('pasted'));
  });
  const drop = $('drop');
  for (const ev of ['dragenter', 'dragover']) {
    drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('over'); });
  }
  for (const ev of ['dragleave', 'drop']) drop.addEventListener(ev, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f) load(f, f.name);
  });
  // a file dropped elsewhere on the page must not make the browser open it
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  for (const b of document.querySelectorAll('[data-format]')) b.addEventListener('click', () => download(b.dataset.format, b));
  fetch('/api/info').then((r) => r.json()).then((info) => {
    if (!info.pdf) {
      const b = $('pdf-button');
      b.disabled = true;
      b.title = 'Apache FOP';
    }
  }).catch(() => {});
  setLang(lang);
  document.body.classList.add('ready');
}

init();
