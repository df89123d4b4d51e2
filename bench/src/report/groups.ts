import { APP_LABELS } from '../http/apps.js';
import type { BenchResults } from '../results.js';
import type { BarGroup } from './chart.js';

/** The chart's groups: each store cycle and each HTTP route, every subject's median throughput. */
export function chartGroups(results: BenchResults): BarGroup[] {
  const store = (cycle: 'write' | 'read', title: string): BarGroup => ({
    title,
    unit: 'ops/s',
    bars: results.store.map((r) => ({
      label: r.subject.name,
      value: r[cycle].throughput.median,
      accent: r.subject.kind === 'vial',
    })),
  });
  const http = (route: 'write' | 'read', title: string): BarGroup => ({
    title,
    unit: 'req/s',
    bars: results.http.map((r) => ({
      label: APP_LABELS[r.app],
      value: r.routes[route].throughput.median,
      accent: r.app.startsWith('vial'),
    })),
  });
  return [
    store('write', 'Store: load + change one field + save (64 in flight)'),
    store('read', 'Store: load, no change (64 in flight)'),
    http('write', 'HTTP: writing route (50 connections)'),
    http('read', 'HTTP: read-only route (50 connections)'),
  ];
}
