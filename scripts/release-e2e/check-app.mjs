// Drives the README quick start over real HTTP as a browser would: the visit
// counter must go up through the session cookie, start at 1 for a browser
// without the cookie or with a tampered one, and the cookie must carry the
// documented defaults. Exits 1 with what differed.
//
//   node check-app.mjs http://127.0.0.1:PORT save JAR   fresh browser; keeps its cookie in JAR
//   node check-app.mjs http://127.0.0.1:PORT resume JAR N   the browser of JAR comes back: expects visit N
import { readFileSync, writeFileSync } from 'node:fs';

const [base, mode, jar, expected] = process.argv.slice(2);
const NAME = 'vial';
let checks = 0;

function fail(message) {
  console.error(`quick start check failed: ${message}`);
  process.exit(1);
}

async function visit(cookie) {
  const response = await fetch(base, { headers: cookie ? { cookie: `${NAME}=${cookie}` } : {} });
  const body = await response.text();
  if (response.status !== 200) fail(`GET / answered ${response.status}: ${body}`);
  const count = /Visits in this session: (\d+)/.exec(body)?.[1];
  if (count === undefined) fail(`GET / answered ${JSON.stringify(body)}, not the visit count`);
  const setCookie = response.headers.getSetCookie().find((line) => line.startsWith(`${NAME}=`));
  return { count: Number(count), setCookie };
}

function expectCount(got, want, what) {
  checks += 1;
  if (got !== want) fail(`${what}: expected visit ${want}, got ${got}`);
}

function cookieValue(setCookie) {
  return setCookie.slice(NAME.length + 1, setCookie.indexOf(';'));
}

if (mode === 'save') {
  const first = await visit();
  expectCount(first.count, 1, 'a new browser');
  if (!first.setCookie) fail('the first visit set no "vial" cookie');
  const attributes = first.setCookie.split(';').map((part) => part.trim().toLowerCase());
  for (const wanted of ['httponly', 'samesite=lax', 'path=/']) {
    checks += 1;
    if (!attributes.includes(wanted)) fail(`the cookie lacks ${wanted}: ${first.setCookie}`);
  }
  checks += 1;
  if (attributes.includes('secure'))
    fail(`the cookie is Secure over plain HTTP: ${first.setCookie}`);
  checks += 1;
  if (!attributes.some((part) => part.startsWith('max-age=') || part.startsWith('expires='))) {
    fail(`the cookie does not expire with the session: ${first.setCookie}`);
  }

  let cookie = cookieValue(first.setCookie);
  for (const want of [2, 3]) {
    const next = await visit(cookie);
    expectCount(next.count, want, 'the same browser, through its cookie');
    if (next.setCookie) cookie = cookieValue(next.setCookie);
  }
  expectCount((await visit()).count, 1, 'another browser, without a cookie');
  // The token is <sid>.<secret>: keep the sid, change the secret's first character.
  const dot = cookie.indexOf('.') + 1;
  const tampered = `${cookie.slice(0, dot)}${cookie[dot] === 'A' ? 'B' : 'A'}${cookie.slice(dot + 1)}`;
  expectCount((await visit(tampered)).count, 1, 'a browser whose cookie has a forged secret');
  expectCount((await visit(cookie)).count, 4, 'the same browser after the forged attempt');
  writeFileSync(jar, cookie);
} else if (mode === 'resume') {
  const cookie = readFileSync(jar, 'utf8');
  expectCount(
    (await visit(cookie)).count,
    Number(expected),
    'the same browser after the app restarted',
  );
} else {
  fail(`unknown mode ${mode}`);
}
console.log(`  ${checks} HTTP checks passed (${base}, ${mode})`);
