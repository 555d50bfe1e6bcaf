/**
 * The HTML report's stylesheet and script, inlined into the page (the report opens offline, from a
 * CI artifact, with no CDN). The page's Content-Security-Policy allows exactly these two by hash,
 * so even markup that slipped past escaping could not run a script.
 */

export const REPORT_CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--dim:#6b7385;--line:#e2e5ea;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--user:#03c75a;--bot:#eef0f3;--del:#ffebe9;--ins:#dafbe1;font-family:system-ui,-apple-system,"Segoe UI","Apple SD Gothic Neo","Noto Sans KR","Noto Sans JP",sans-serif}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font-size:14px;line-height:1.45}
header{padding:20px 28px;background:var(--card);border-bottom:1px solid var(--line)}h1{margin:0 0 4px;font-size:20px}
.meta{color:var(--dim);font-size:13px}.numbers{display:flex;gap:10px;flex-wrap:wrap;margin-top:14px}
.num{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:92px}.num b{display:block;font-size:22px}
.num.passed b{color:var(--ok)}.num.failed b,.num.errored b{color:var(--bad)}.num.flaky b{color:var(--warn)}
nav.filters{position:sticky;top:0;z-index:2;display:flex;gap:8px;flex-wrap:wrap;align-items:center;padding:10px 28px;background:var(--card);border-bottom:1px solid var(--line)}
nav button,nav select,nav input{font:inherit;border:1px solid var(--line);background:var(--card);border-radius:6px;padding:4px 10px;cursor:pointer}
nav button[aria-pressed=true]{background:var(--ink);color:#fff;border-color:var(--ink)}nav input[type=search]{cursor:text;min-width:180px}
#shown{color:var(--dim);margin-left:auto}label.toggle{color:var(--dim);display:flex;gap:4px;align-items:center}
main{padding:16px 28px 40px;display:flex;flex-direction:column;gap:12px}
main.failures-first #dialogues{order:-1}
section.block{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}section.block h2{font-size:16px;margin:4px 0 10px}
article.dialogue{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--ok);border-radius:10px}
article[data-status=failed],article[data-status=errored]{border-left-color:var(--bad)}article[data-status=flaky]{border-left-color:var(--warn)}article[data-status=skipped]{border-left-color:var(--line)}
article>details>summary{padding:10px 14px;cursor:pointer;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap;list-style:none}
summary::-webkit-details-marker{display:none}.mark{font-weight:700;width:1em}.mark.failed,.mark.errored{color:var(--bad)}.mark.passed{color:var(--ok)}.mark.flaky{color:var(--warn)}.mark.skipped{color:var(--dim)}
.name{font-weight:600}.where,.took{color:var(--dim);font-size:12px}.tag{font-size:11px;background:var(--bg);border:1px solid var(--line);border-radius:10px;padding:0 7px;color:var(--dim)}
.badge{font-size:11px;border-radius:10px;padding:0 7px;background:#fff8c5;color:var(--warn);border:1px solid #eed888}
.steps{border-top:1px solid var(--line)}.step{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;padding:12px 14px;border-bottom:1px solid var(--line)}
.step:last-child{border-bottom:0}.uid{padding:6px 14px;border-bottom:1px solid var(--line)}@media (max-width:900px){.step{grid-template-columns:1fr}}
.chat{display:flex;flex-direction:column;gap:6px}.say{align-self:flex-end;max-width:80%;background:var(--user);color:#fff;border-radius:14px 14px 2px 14px;padding:6px 12px;white-space:pre-wrap;overflow-wrap:anywhere}
.say small{display:block;opacity:.8;font-size:11px}.note{align-self:center;color:var(--dim);font-size:12px;font-style:italic}.note.bad{color:var(--bad);font-style:normal}
.bot{align-self:flex-start;max-width:88%;display:flex;flex-direction:column;gap:6px}.bubble{background:var(--bot);border-radius:14px 14px 14px 2px;padding:8px 12px;white-space:pre-wrap;overflow-wrap:anywhere}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;overflow:hidden;min-width:200px;max-width:280px}.card .body{padding:8px 12px;white-space:pre-wrap;overflow-wrap:anywhere}
.card .title{font-weight:600}.card .sub{color:var(--dim);font-size:12px}.carousel{display:flex;gap:8px;overflow-x:auto;padding-bottom:4px}
.img{display:flex;align-items:center;justify-content:center;min-height:90px;background:repeating-linear-gradient(45deg,#eceff3,#eceff3 8px,#f5f6f8 8px,#f5f6f8 16px);color:var(--dim);font-size:11px;overflow:hidden;overflow-wrap:anywhere;padding:4px}
.img img{display:block;max-width:100%}.buttons{display:flex;flex-direction:column;border-top:1px solid var(--line)}
.btn{padding:6px 12px;text-align:center;color:#0969da;border-top:1px solid var(--line);overflow-wrap:anywhere}.btn:first-child{border-top:0}.btn a{color:inherit}
.items{list-style:none;margin:0;padding:0}.items li{padding:6px 12px;border-top:1px solid var(--line)}
.quick{display:flex;gap:6px;flex-wrap:wrap}.chip{border:1px solid #0969da;color:#0969da;border-radius:14px;padding:2px 10px;font-size:12px;background:var(--card)}
.facts{color:var(--dim);font-size:11px}.verdict h3{font-size:13px;margin:0 0 6px}.verdict .ok{color:var(--ok)}.verdict .bad{color:var(--bad)}.verdict .dimmed{color:var(--dim)}
table.fields{border-collapse:collapse;width:100%;font-size:12px;margin-bottom:8px;table-layout:fixed}table.fields td,table.fields th{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
table.fields tr.bad td:first-child{color:var(--bad)}table.fields tr.untested td{background:#fff8c5;font-weight:600}table.fields tr.untested td:first-child,table.fields tr.untested .t-dim{color:var(--warn)}table.fields tr.ok td:first-child{color:var(--ok)}table.fields td:first-child,table.fields th:first-child{width:1.6em}
pre{margin:0;background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px 10px;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
del{background:var(--del);color:var(--bad);text-decoration:line-through}ins{background:var(--ins);color:var(--ok);text-decoration:none}
.t-expected,.t-ok,.t-ins-line{color:var(--ok)}.t-actual,.t-bad,.t-del-line{color:var(--bad)}.t-dim{color:var(--dim)}.t-warn{color:var(--warn)}
.empty{color:var(--dim);padding:20px;text-align:center}footer{color:var(--dim);font-size:12px;padding:0 28px 24px}[hidden]{display:none!important}
`;

/** Filters (status, tag, suite, text) kept in the URL's hash so a filtered view can be linked. */
export const REPORT_JS = `
(function () {
  var items = Array.prototype.slice.call(document.querySelectorAll('article.dialogue'));
  var state = { status: 'all', tag: '', suite: '', q: '' };
  var buttons = Array.prototype.slice.call(document.querySelectorAll('button[data-status]'));
  var tag = document.getElementById('tag'), suite = document.getElementById('suite'), q = document.getElementById('q');
  var shown = document.getElementById('shown'), none = document.getElementById('none');
  var main = document.querySelector('main');
  function readHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    state.status = params.get('status') || 'all'; state.tag = params.get('tag') || '';
    state.suite = params.get('suite') || ''; state.q = params.get('q') || '';
  }
  function writeHash() {
    var params = new URLSearchParams();
    if (state.status !== 'all') params.set('status', state.status);
    if (state.tag) params.set('tag', state.tag);
    if (state.suite) params.set('suite', state.suite);
    if (state.q) params.set('q', state.q);
    var text = params.toString();
    history.replaceState(null, '', text ? '#' + text : location.pathname + location.search);
  }
  function apply() {
    var count = 0, needle = state.q.toLowerCase();
    items.forEach(function (el) {
      var tags = JSON.parse(el.getAttribute('data-tags') || '[]');
      var ok = (state.status === 'all' || el.getAttribute('data-status') === state.status) &&
        (!state.tag || tags.indexOf(state.tag) !== -1) &&
        (!state.suite || el.getAttribute('data-suite') === state.suite) &&
        (!needle || (el.getAttribute('data-search') || '').indexOf(needle) !== -1);
      el.hidden = !ok;
      if (ok) count++;
    });
    buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-status') === state.status)); });
    if (tag) tag.value = state.tag;
    if (suite) suite.value = state.suite;
    if (q && q.value !== state.q) q.value = state.q;
    shown.textContent = 'showing ' + count + ' of ' + items.length;
    none.hidden = count !== 0;
    // looking at failures: they come first, the drift section (if any) below them
    main.classList.toggle('failures-first', state.status === 'failed' || state.status === 'errored');
  }
  function set(key, value) { state[key] = value; writeHash(); apply(); }
  buttons.forEach(function (b) { b.addEventListener('click', function () { set('status', b.getAttribute('data-status')); }); });
  if (tag) tag.addEventListener('change', function () { set('tag', tag.value); });
  if (suite) suite.addEventListener('change', function () { set('suite', suite.value); });
  if (q) q.addEventListener('input', function () { set('q', q.value); });
  document.getElementById('expand').addEventListener('click', function () { items.forEach(function (el) { if (!el.hidden) el.querySelector('details').open = true; }); });
  document.getElementById('collapse').addEventListener('click', function () { items.forEach(function (el) { el.querySelector('details').open = false; }); });
  var images = document.getElementById('images');
  images.addEventListener('change', function () {
    Array.prototype.forEach.call(document.querySelectorAll('img[data-src]'), function (img) {
      if (images.checked) { img.src = img.getAttribute('data-src'); img.hidden = false; } else { img.removeAttribute('src'); img.hidden = true; }
    });
  });
  window.addEventListener('hashchange', function () { readHash(); apply(); });
  readHash(); apply();
})();
`;
