// Prints the fenced code block that follows `<!-- quick-start: NAME -->` in a
// README, so the end-to-end test runs exactly what the README shows.
//
//   node readme-block.mjs README.md app.js > app.js
import { readFileSync } from 'node:fs';

const [file, name] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const marker = `<!-- quick-start: ${name} -->`;
const parts = text.split(marker);
if (parts.length !== 2) {
  console.error(`${file}: expected exactly one "${marker}", found ${parts.length - 1}`);
  process.exit(1);
}
const block = /^\s*```[a-z]*\n([\s\S]*?)\n```/.exec(parts[1]);
if (!block) {
  console.error(`${file}: "${marker}" is not followed by a fenced code block`);
  process.exit(1);
}
process.stdout.write(`${block[1]}\n`);
