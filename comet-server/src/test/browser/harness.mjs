// Drives Debian's headless Chromium for the comet-server browser tests (org.cometserver.server.e2e.browser).
// Protocol, one JSON object per line:
//   stdin  (commands): {"id":1,"op":"open","page":"A","script":"http://127.0.0.1:<wsPort>/js/comet-client.js"}
//                      {"id":2,"op":"eval","page":"A","js":"cometApi.isAuthorized()"}
//                      {"id":3,"op":"offline","page":"A","offline":true}
//                      {"id":4,"op":"close","page":"A"}
//   stdout (answers):  {"id":1,"ok":true,"value":...} or {"id":1,"ok":false,"error":"..."}
//          (events):   {"page":"A","tag":"msg","event":{...}}  - whatever a page passed to rec(tag)
//          (logs):     {"page":"A","log":"..."}                - console messages and page errors
// One browser for the whole run; every page gets its own context (own localStorage, so its own cometApi uuid).
// Closing stdin closes the browser and ends the process.
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

// The network is closed: without these flags Chromium waits on connections to Google services.
// Pages answered by Playwright have no IP address space, so Chromium's Local Network Access checks would block
// their WebSockets to 127.0.0.1 (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
// A test class may add flags (Chromium.launch(args...)) as a JSON array in CHROMIUM_EXTRA_ARGS, e.g. fake media.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=LocalNetworkAccessChecks', ...JSON.parse(process.env.CHROMIUM_EXTRA_ARGS || '[]')];
// The pages' origin, as in the CppComet recordings; Playwright answers it, so nothing needs to listen there.
const PAGE_URL = 'http://127.0.0.1:18080/index.html';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
const pages = new Map();

function send(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

// A page as CppComet front ends write them: the library by <script src>, then the test's calls.
// rec(tag) returns a callback that reports its argument (a cometApi message, or nothing) to the test.
function pageHtml(script) {
  return `<!doctype html><html><head><meta charset="utf-8">
<script>window.rec = function (tag) { return function (e) { window.__report(tag, e === undefined ? null : e); }; };</script>
<script src="${script}"></script></head><body>comet test page</body></html>`;
}

async function open(name, script) {
  if (pages.has(name)) {
    throw new Error(`page ${name} is already open`);
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.exposeFunction('__report', (tag, event) => send({ page: name, tag, event }));
  page.on('console', (message) => send({ page: name, log: `console.${message.type()}: ${message.text()}` }));
  page.on('pageerror', (error) => send({ page: name, log: `page error: ${error.message}` }));
  await page.route(PAGE_URL, (route) => route.fulfill({ contentType: 'text/html', body: pageHtml(script) }));
  await page.goto(PAGE_URL);
  pages.set(name, { context, page });
  return await page.evaluate(() => typeof window.cometApi);
}

function pageNamed(name) {
  const entry = pages.get(name);
  if (!entry) {
    throw new Error(`no page ${name}`);
  }
  return entry;
}

async function run(command) {
  switch (command.op) {
    case 'open':
      return open(command.page, command.script);
    case 'eval':
      // an expression or statements; the value must survive JSON (undefined comes back as null)
      return pageNamed(command.page).page.evaluate(command.js);
    case 'offline':
      return pageNamed(command.page).context.setOffline(command.offline);
    case 'close': {
      const { context } = pageNamed(command.page);
      pages.delete(command.page);
      return context.close();
    }
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

// Commands run one after another, in the order the test sent them.
let queue = Promise.resolve();
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const command = JSON.parse(line);
  queue = queue.then(() => run(command))
    .then((value) => send({ id: command.id, ok: true, value: value === undefined ? null : value }))
    .catch((error) => send({ id: command.id, ok: false, error: String(error && error.message || error) }));
});
input.on('close', () => {
  queue.finally(() => browser.close()).finally(() => process.exit(0));
});
send({ ready: true, version: browser.version() });
