// Every relative link of a Markdown file must name a file or directory that
// exists: the README points at nothing that is not in the repository.
//
//   node check-links.mjs README.md
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const file = process.argv[2];
const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
const missing = [];
let count = 0;
for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
  if (/^([a-z]+:|#)/i.test(target)) continue;
  count += 1;
  const path = target.split('#')[0];
  if (!existsSync(join(dirname(file), path))) missing.push(target);
}
if (missing.length > 0) {
  console.error(`${file} links to files that are not in the repository: ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`  ${file}: ${count} relative links resolve`);
