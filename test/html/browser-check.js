// Opens the HTML report in Debian's Chromium (headless, through
// playwright-core) and checks it as a reader would use it: no console
// errors on any page, the filters change the visible rows to exactly the
// matching ones, and a file page shows shaded transaction scopes and inline
// findings whose chain links open the other file at the line. Writes
// screenshots of the overview and of one file page.
// Usage: node browser-check.js REPORT_DIR SCREENSHOT_DIR
'use strict';
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const [reportDir, shotDir] = process.argv.slice(2);
const errors = [];
function fail(msg) {
  console.error('FAIL: ' + msg);
  process.exitCode = 1;
}
function expect(cond, msg) {
  if (!cond) fail(msg);
  else console.log('ok: ' + msg);
}

async function visibleRows(page) {
  return page.$$eval('tr[data-role]', rows => rows
    .filter(r => r.offsetParent !== null)
    .map(r => ({ role: r.dataset.role, status: r.dataset.status,
                 checks: r.dataset.checks })));
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(e.message));
  const index = 'file://' + path.resolve(reportDir, 'index.html');
  await page.goto(index);

  const all = await visibleRows(page);
  const total = await page.$$eval('tr[data-role]', r => r.length);
  expect(all.length === total && total > 0, `all ${total} rows shown unfiltered`);
  expect(await page.textContent('#shown') === String(total), 'the count says so');

  // Each filter alone, then two together: exactly the matching rows remain.
  const cases = [
    ['#filter-role', 'aware', r => r.role === 'aware'],
    ['#filter-status', 'Non-Compliant', r => r.status === 'Non-Compliant'],
    ['#filter-check', 'txn-nested-begin',
     r => (' ' + r.checks + ' ').includes(' txn-nested-begin ')],
  ];
  const everyRow = await page.$$eval('tr[data-role]', rows => rows.map(r => (
    { role: r.dataset.role, status: r.dataset.status, checks: r.dataset.checks })));
  for (const [sel, value, pred] of cases) {
    await page.selectOption(sel, value);
    const shown = await visibleRows(page);
    const want = everyRow.filter(pred).length;
    expect(shown.length === want && want > 0 && want < total,
           `${sel}=${value}: ${shown.length} rows, ${want} expected of ${total}`);
    expect(shown.every(pred), `${sel}=${value}: every shown row matches`);
    await page.selectOption(sel, '');
  }
  await page.selectOption('#filter-role', 'owner');
  await page.selectOption('#filter-status', 'Non-Compliant');
  const both = await visibleRows(page);
  const wantBoth = everyRow.filter(r => r.role === 'owner' && r.status === 'Non-Compliant').length;
  expect(both.length === wantBoth && wantBoth > 0,
         `role=owner and status=Non-Compliant: ${both.length} rows, ${wantBoth} expected`);
  await page.selectOption('#filter-role', '');
  await page.selectOption('#filter-status', '');
  await page.screenshot({ path: path.join(shotDir, 'overview.png'), fullPage: true });

  // A file page reached from the overview: a finding with a call chain.
  const pages = await page.$$eval('#findings a', as => as.map(a => a.href));
  let chained = null;
  for (const href of pages) {
    await page.goto(href);
    if (await page.$('.finding ol.chain li a[href*=".html#L"]')) { chained = href; break; }
  }
  expect(chained !== null, 'a finding on a file page has a call chain with links');
  if (chained) {
    const shaded = await page.$$eval('tr.txn', r => r.length);
    expect(shaded > 0, `the page shades ${shaded} lines inside a transaction`);
    const target = new URL(chained).hash.slice(1);
    expect(await page.$eval('#' + target, r => r.classList.contains('txn')),
           `the finding's line ${target} is shaded`);
    await page.screenshot({ path: path.join(shotDir, 'file.png'), fullPage: true });
    const step = await page.$eval('.finding ol.chain li a', a => a.getAttribute('href'));
    await page.click('.finding ol.chain li a');
    const line = step.split('#')[1];
    expect(page.url().endsWith(step) && await page.$('#' + line) !== null,
           `the chain's first step opens ${step}`);
  }
  await browser.close();
  expect(errors.length === 0, 'no console errors' + (errors.length ? ': ' + errors.join('; ') : ''));
})().catch(e => { fail(e.stack || String(e)); });
