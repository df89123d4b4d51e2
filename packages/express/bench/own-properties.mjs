// What a property added to an Express request or response costs, once Express
// has set its prototype (as it does for every request): the reason the
// middleware defines its accessors and response wrappers on app.request and
// app.response instead of on each request. Prints µs per request/response pair.
// Run: node bench/own-properties.mjs  (a few seconds)
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import express from 'express';

const app = express();
const ACCESSORS = {
  session: { configurable: true, enumerable: true, get() {}, set(_value) {} },
  loadSession: { configurable: true, get() {} },
};
function wrapper() {}
const socket = new Socket();

/** One request/response pair as Express prepares it, then `add` on it. */
function request(add) {
  const req = new IncomingMessage(socket);
  const res = new ServerResponse(req);
  req.res = res;
  res.req = req;
  Object.setPrototypeOf(req, app.request);
  Object.setPrototypeOf(res, app.response);
  res.locals = {};
  add(req, res);
  return res;
}

const VARIANTS = {
  nothing: () => {},
  'req: session and loadSession': (req) => Object.defineProperties(req, ACCESSORS),
  'res: writeHead, write, end': (_req, res) => {
    res.writeHead = wrapper;
    res.write = wrapper;
    res.end = wrapper;
  },
  'all five, per request': (req, res) => {
    Object.defineProperties(req, ACCESSORS);
    res.writeHead = wrapper;
    res.write = wrapper;
    res.end = wrapper;
  },
};

const N = 20_000;
for (let round = 0; round < 4; round++) {
  const row = {};
  for (const [name, add] of Object.entries(VARIANTS)) {
    const start = performance.now();
    for (let i = 0; i < N; i++) request(add);
    row[name] = Number((((performance.now() - start) * 1000) / N).toFixed(1));
  }
  console.log(JSON.stringify(row), 'µs per request');
}
