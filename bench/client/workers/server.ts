/**
 * The stand-in for AppSync: node:http on 127.0.0.1, on a port the system picks, answering every
 * GraphQL POST with the same JSON and AppSync's response headers. Run by bench/client.ts as a
 * process of its own, so that its work never shares a thread with the clients measured:
 *   node server.mjs        sends `{ port }` over IPC; on the message 'close' it closes, sends
 *                          `{ closed: true, requests }` and exits
 *
 * `POST /__record` starts recording what arrives (method, path, headers, body) and `GET
 * /__requests` returns it and stops: the checks read what each client sent. Nothing is kept
 * while the clients are timed.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANSWER_JSON } from '../query.js';

/** A request as it arrived. */
export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const answer = Buffer.from(ANSWER_JSON);
/** What AppSync sends with a GraphQL answer (besides date, connection and keep-alive). */
const ANSWER_HEADERS = {
  'content-type': 'application/json; charset=UTF-8',
  'content-length': String(answer.byteLength),
  'x-amzn-requestid': '6f1c7d0e-59a3-4b0c-9a5e-0e6f2b8d4c11',
};

let recording = false;
const recorded: Recorded[] = [];
let served = 0;

const server = createServer((req, res) => {
  if (req.url === '/__record') {
    recording = true;
    recorded.length = 0;
    req.resume();
    res.end();
    return;
  }
  if (req.url === '/__requests') {
    recording = false;
    req.resume();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(recorded));
    return;
  }
  const respond = () => {
    served++;
    res.writeHead(200, ANSWER_HEADERS);
    res.end(answer);
  };
  if (!recording) {
    // The body is read (and dropped) before the answer, as AppSync reads it.
    req.resume();
    req.on('end', respond);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    recorded.push({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    respond();
  });
});
// The clients keep their connection between requests; so does the server, however slow a round.
server.keepAliveTimeout = 60_000;

const send = (message: unknown, then?: () => void) => {
  if (process.send === undefined) throw new Error('server.mjs runs as a child process with IPC');
  process.send(message, undefined, {}, then);
};

process.on('message', (message) => {
  if (message !== 'close') return;
  server.close(() => send({ closed: true, requests: served }, () => process.exit(0)));
  server.closeAllConnections();
});
// The parent is gone: nothing would close the server otherwise.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  send({ port: (server.address() as AddressInfo).port });
});
