import { describe, expect, it } from 'vitest';
import { runScript, scripts } from '../src/index.js';

describe('runScript', () => {
  it('sends only EVALSHA when the server knows the script', async () => {
    const sent: string[] = [];
    const reply = await runScript(
      scripts.read,
      async (sha1) => {
        sent.push(sha1);
        return 'by sha';
      },
      async (source) => {
        sent.push(source);
        return 'by source';
      },
    );
    expect(reply).toBe('by sha');
    expect(sent).toEqual([scripts.read.sha1]);
  });

  it('sends the source once after NOSCRIPT, and passes any other error on', async () => {
    const noScript = new Error('NOSCRIPT No matching script. Please use EVAL.');
    const reply = await runScript(
      scripts.update,
      () => Promise.reject(noScript),
      async (source) => source,
    );
    expect(reply).toBe(scripts.update.source);
    const other = new Error('ERR something else');
    await expect(
      runScript(
        scripts.update,
        () => Promise.reject(other),
        async () => 'unexpected',
      ),
    ).rejects.toBe(other);
  });
});
