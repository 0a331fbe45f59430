// A fault-injecting HTTP proxy on 127.0.0.1 for the CRM tests: each request is numbered, and
// `decide(n, req)` says what happens to it:
//   undefined                      pass it on to the CRM and back
//   { status, headers, body }      answer that without asking the CRM (429, 500, 400, ...)
//   { status, after: true }        pass it on, then lose the CRM's answer and say `status` instead
//                                  (the record exists, the client believes it failed)
//   { delay }                      pass it on, and hold the answer back `delay` ms
//   { refuse: true }               drop the connection (a CRM that is down)
//   { twice: true }                deliver it to the CRM twice (a network that repeats a request)
//                                  and answer with the second delivery's answer
//
// LEADLENS_PROXY_LOG=<file> appends one JSON line per request (method, URL, body, fault, status,
// answer; bodies cut to 400 characters), to replay what a client saw.
import { createServer } from 'node:http';
import { appendFileSync } from 'node:fs';

const LOG = process.env.LEADLENS_PROXY_LOG;
const cut = (s) => (s.length > 400 ? `${s.slice(0, 400)}…` : s);
const log = (entry) => LOG && appendFileSync(LOG, `${JSON.stringify(entry)}\n`);

const FORWARDED = ['authorization', 'content-type', 'accept'];

export async function faultProxy(target, decide = () => undefined) {
  const counts = { requests: 0, faults: 0 };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const n = counts.requests++;
    const fault = decide(n, req);
    if (fault) counts.faults++;
    const seen = { n, at: Date.now(), method: req.method, url: req.url, body: cut(body.toString()), fault };
    if (fault?.refuse) { log(seen); req.socket.destroy(); return; }
    if (fault?.status && !fault.after) {
      log(seen);
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
        .end(JSON.stringify(fault.body ?? { detail: 'injected fault' }));
      return;
    }
    const headers = Object.fromEntries(FORWARDED.filter((h) => req.headers[h]).map((h) => [h, req.headers[h]]));
    const deliver = () => fetch(target + req.url, {
      method: req.method, headers, body: body.length ? body : undefined, redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    let upstream;
    try {
      if (fault?.twice) await (await deliver()).text();
      upstream = await deliver();
    } catch (e) {
      log({ ...seen, error: String(e) });
      req.socket.destroy();
      return;
    }
    const text = await upstream.text();
    log({ ...seen, status: upstream.status, answer: cut(text) });
    if (fault?.delay) await new Promise((r) => setTimeout(r, fault.delay));
    if (fault?.after) { res.writeHead(fault.status, { 'content-type': 'text/plain' }).end('answer lost'); return; }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
