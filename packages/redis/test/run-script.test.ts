import { describe, expect, it } from 'vitest';
import { scripts } from '../src/index.js';
import { runScript } from '../src/script.js';

describe('runScript', () => {
  it('sends only EVALSHA when the server knows the script', async () => {
    const sent: string[][] = [];
    const reply = await runScript(
      async (_key, args) => {
        sent.push(args);
        return 'by sha';
      },
      scripts.create,
      'k',
      ['a'],
    );
    expect(reply).toBe('by sha');
    expect(sent).toEqual([['EVALSHA', scripts.create.sha1, '1', 'k', 'a']]);
  });

  it('sends the source once after NOSCRIPT, and passes any other error on', async () => {
    const sent: string[][] = [];
    const reply = await runScript(
      async (_key, args) => {
        sent.push(args);
        if (args[0] === 'EVALSHA') throw new Error('NOSCRIPT No matching script. Please use EVAL.');
        return 'by source';
      },
      scripts.save,
      'k',
      [],
    );
    expect(reply).toBe('by source');
    expect(sent.map((args) => args[0])).toEqual(['EVALSHA', 'EVAL']);
    expect(sent[1]?.[1]).toBe(scripts.save.source);
    const other = new Error('ERR something else');
    await expect(runScript(() => Promise.reject(other), scripts.save, 'k', [])).rejects.toBe(other);
  });
});
