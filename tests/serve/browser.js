// tests/serve/browser.js: the review page in a real browser (headless Chromium driven by
// playwright-core). Run by tests/suites/55-serve.sh:
//   node tests/serve/browser.js BASE_URL CORPUS PLANTED OUTDIR [pdf]
// BASE_URL is a running `apc serve`; CORPUS the corpus program (three warnings); PLANTED a draft
// whose parent is cited with a wrong date; OUTDIR receives the screenshots (1280 and 390 px).
// Prints "ok NAME" / "not ok NAME: why" per check. Environment: PLAYWRIGHT (the module path),
// CHROMIUM (the browser, default /usr/bin/chromium), SHOT (also write the README screenshot there).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT || 'playwright-core');

const [base, corpus, planted, outdir, withPdf] = process.argv.slice(2);
let failed = 0;
function check(name, cond, why) {
  if (cond) console.log(`ok ${name}`);
  else { failed++; console.log(`not ok ${name}: ${why}`); }
}

// Where the page jumped to: the marked element in the shadow root, whether it is on screen, and
// the source line of the element it annotates (the note sits just before its line's element).
function landing() {
  const root = document.getElementById('doc').shadowRoot;
  const el = root && root.querySelector('.current, .line-target');
  if (!el) return null;
  const b = el.getBoundingClientRect();
  let at = el.closest('aside') ? el.closest('aside').nextElementSibling : el;
  const m = at && at.id && at.id.match(/-L(\d+)$/);
  return { text: el.textContent, top: b.top, bottom: b.bottom, vh: window.innerHeight, line: m ? Number(m[1]) : null };
}

async function open(browser, width, height, problems) {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:')) problems.push('foreign request: ' + u);
  });
  await page.goto(base + '/');
  await page.waitForSelector('body.ready', { timeout: 15000 });
  return page;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const problems = [];
  try {
    const page = await open(browser, 1280, 900, problems);
    check('browser page in Vietnamese', await page.evaluate(() => document.documentElement.lang) === 'vi'
      && (await page.textContent('label[for="file"]')).includes('Chọn tệp'), 'lang or label');

    // 1. the corpus program: three warnings, a click lands on the line
    await page.setInputFiles('#file', corpus);
    await page.waitForSelector('#problem-list li', { timeout: 30000 });
    const warnings = await page.$$eval('#problem-list li.sev-warning', (l) => l.length);
    const shown = await page.textContent('#n-warning');
    check('browser corpus three warnings', warnings === 3 && shown.trim() === '3', `${warnings} in the list, ${shown} in the count`);
    const fixText = await page.$$eval('#problem-list .fix', (l) => l.map((e) => e.textContent));
    check('browser fixes readable', fixText.length > 0 && fixText.every((x) => /^Sửa: (thay|xoá) cột \d+–\d+/.test(x)), fixText.join(' | '));
    const inDoc = await page.evaluate(() => document.getElementById('doc').shadowRoot.querySelectorAll('.diag.sev-warning').length);
    check('browser corpus warnings in place', inDoc === 3, `${inDoc} notes in the document`);
    const charts = await page.evaluate(() => !!document.getElementById('doc').shadowRoot.querySelector('svg'));
    check('browser corpus charts', charts, 'no chart in the review page');
    const item = page.locator('#problem-list li.sev-warning').nth(1);
    const line = Number(await item.getAttribute('data-line'));
    await page.evaluate(() => window.scrollTo(0, 0));
    await item.locator('button').click();
    await page.waitForTimeout(300);
    const l = await page.evaluate(landing);
    check('browser click lands on its line', l && l.line === line && l.top >= 0 && l.bottom <= l.vh && l.text.includes(`${line}:`),
      JSON.stringify(l) + ` wanted line ${line}`);
    fs.mkdirSync(outdir, { recursive: true });
    await page.screenshot({ path: path.join(outdir, 'serve-1280.png') });
    if (process.env.SHOT) {
      await page.evaluate(() => document.getElementById('result').scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(300);
      await page.screenshot({ path: process.env.SHOT });
    }

    // 2. English
    await page.click('[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en'
      && /line \d/.test(document.querySelector('#problem-list li .loc')?.textContent || ''), null, { timeout: 30000 });
    const en = await page.textContent('#problem-list li .msg');
    check('browser English switch', /[a-z]/.test(en) && !/từ lặp|dấu thanh/.test(en), en);

    // 3. a download
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('[data-format="xml"]')]);
    const xmlPath = path.join(outdir, 'download.xml');
    await dl.saveAs(xmlPath);
    const xml = fs.readFileSync(xmlPath, 'utf8');
    check('browser XML download', dl.suggestedFilename().endsWith('.xml') && xml.includes('urn:apc:program:1'), dl.suggestedFilename());
    if (withPdf === 'pdf') {
      const [pdf] = await Promise.all([
        page.waitForEvent('download', { timeout: 180000 }),
        (async () => {
          await page.click('[data-format="pdf"]');
          await page.waitForSelector('#pdf-work:not([hidden])', { timeout: 5000 });
        })(),
      ]);
      const p = path.join(outdir, 'download.pdf');
      await pdf.saveAs(p);
      const head = fs.readFileSync(p).subarray(0, 5).toString();
      const status = await page.textContent('#pdf-status');
      check('browser PDF download with progress', head === '%PDF-' && status.length > 0, `${head} / ${status}`);
    }

    // 4. a pasted draft with a wrong parent date
    await page.click('[data-lang="vi"]');
    await page.fill('#paste', fs.readFileSync(planted, 'utf8'));
    await page.click('#check-paste');
    await page.waitForSelector('#problem-list li.sev-error[data-rule="parent-date-mismatch"]', { timeout: 30000 });
    const msg = await page.textContent('#problem-list li.sev-error .msg');
    check('browser pasted draft shows the wrong parent date', /30\/01\/2023/.test(msg) && /31\/01\/2023/.test(msg), msg);
    await page.close();

    // 5. a phone
    const phone = await open(browser, 390, 844, problems);
    await phone.setInputFiles('#file', corpus);
    await phone.waitForSelector('#problem-list li', { timeout: 30000 });
    const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
    check('browser 390 px no sideways scroll', wide <= 390, `page is ${wide} px wide`);
    await phone.screenshot({ path: path.join(outdir, 'serve-390.png') });
    await phone.close();

    check('browser no script error, CSP report or foreign request', problems.length === 0, problems.join(' | '));
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log('not ok browser: ' + String(e && e.message || e).split('\n')[0]);
  process.exit(1);
});
