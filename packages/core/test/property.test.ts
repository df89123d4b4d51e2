import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Session, Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

const keys = fc.constantFrom('a', 'b', 'cart', '__proto__', '', '#t', '##', 'a:b*c', 'ü€𝄞');
const values = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

type Step =
  | { op: 'set'; key: string; value: unknown }
  | { op: 'delete'; key: string }
  | { op: 'push'; key: string; item: string }
  | { op: 'clear' }
  | { op: 'save' }
  | { op: 'load' }
  | { op: 'regenerate' }
  | { op: 'loadOldToken' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('set' as const), key: keys, value: values }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), key: keys }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('push' as const), key: keys, item: fc.string() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('save' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('load' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('regenerate' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('loadOldToken' as const) }) },
);

function copy(map: Map<string, unknown>): Map<string, unknown> {
  return new Map([...map].map(([k, v]) => [k, structuredClone(v)]));
}

describe('a session against a plain Map model', () => {
  it('round-trips random sequences of set/delete/save/load/regenerate exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { driver } = mapDriverWithClock();
        const vial = new Vial({ driver });
        let session: Session = vial.session();
        let local = new Map<string, unknown>();
        let committed = new Map<string, unknown>();
        const oldTokens: string[] = [];

        for (const s of steps) {
          switch (s.op) {
            case 'set':
              session.set(s.key, s.value);
              local.set(s.key, structuredClone(s.value));
              break;
            case 'delete':
              expect(session.delete(s.key)).toBe(local.delete(s.key));
              break;
            case 'push': {
              const value = session.get(s.key);
              if (Array.isArray(value)) {
                value.push(s.item);
                (local.get(s.key) as unknown[]).push(s.item);
              }
              break;
            }
            case 'clear':
              session.clear();
              local.clear();
              break;
            case 'save':
              await session.save();
              committed = copy(local);
              break;
            case 'regenerate':
              if (session.id !== null) oldTokens.push(session.id);
              await session.regenerate();
              committed = copy(local);
              break;
            case 'load':
              session = await vial.load(session.id);
              local = copy(session.id === null ? new Map() : committed);
              break;
            case 'loadOldToken': {
              const old = oldTokens.at(-1);
              if (old !== undefined) expect((await vial.load(old)).isNew).toBe(true);
              break;
            }
          }
          expect(new Map(session.entries())).toEqual(local);
          expect(session.size).toBe(local.size);
        }
        await session.save();
        const reloaded = await vial.load(session.id);
        expect(new Map(reloaded.entries())).toEqual(local);
      }),
      { numRuns: 300 },
    );
  });
});
