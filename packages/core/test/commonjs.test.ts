import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('CommonJS users', () => {
  it('can require("@vial/core") (require(esm), Node.js >= 20.19)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vial-cjs-'));
    const file = join(dir, 'use-vial.cjs');
    writeFileSync(
      file,
      `const { createRequire } = require('node:module');
const requireFromPackage = createRequire(${JSON.stringify(join(packageDir, 'package.json'))});
const core = requireFromPackage('@vial/core');
const rich = requireFromPackage('@vial/core/codec-rich');
console.log(JSON.stringify({
  vial: typeof core.Vial,
  error: typeof core.VialError,
  rich: typeof rich.richCodec.encode,
}));`,
    );
    const output = execFileSync(process.execPath, ['--no-warnings', file], { encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ vial: 'function', error: 'function', rich: 'function' });
  });
});
