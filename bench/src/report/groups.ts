import { APP_LABELS } from '../http/apps.js';
import type { BenchResults } from '../results.js';
import type { Cycle, StoreResult } from '../store/suite.js';
import type { BarGroup } from './chart.js';

/**
 * The chart's groups: each store cycle (the large sessions too) and each
 * HTTP route, every subject's median throughput.
 */
export function chartGroups(results: BenchResults): BarGroup[] {
  const { concurrency } = results.config.store;
  const store = <C extends Cycle>(
    rows: readonly StoreResult<C>[],
    cycle: C,
    title: string,
  ): BarGroup => ({
    title: `${title} (${concurrency} in flight)`,
    unit: 'ops/s',
    bars: rows.map((r) => ({
      label: r.subject.name,
      value: r[cycle].throughput.median,
      accent: r.subject.kind === 'vial',
    })),
  });
  const http = (route: 'write' | 'read', title: string): BarGroup => ({
    title: `${title} (${results.config.http.connections} connections)`,
    unit: 'req/s',
    bars: results.http.map((r) => ({
      label: APP_LABELS[r.app],
      value: r.routes[route].throughput.median,
      accent: r.app.startsWith('vial'),
    })),
  });
  return [
    store(results.store, 'write', 'Store: load + change one field + save'),
    store(results.store, 'read', 'Store: load, no change'),
    ...results.storeSized.map((s) =>
      store(s.store, 'write', `Store, ${s.label} session: load + change one small field + save`),
    ),
    http('write', 'HTTP: writing route'),
    http('read', 'HTTP: read-only route'),
  ];
}
