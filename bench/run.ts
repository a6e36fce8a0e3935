/**
 * `npm run bench`: every benchmark, each printing its figures next to a baseline measured in the same run.
 * `npm run bench -- throughput` (or `retrieval`, `memory`, `ttft`, several at once) runs only those.
 */
import { benchMemory } from './memory.ts';
import { benchRetrieval } from './retrieval.ts';
import { benchThroughput } from './throughput.ts';
import { benchTtft } from './ttft.ts';

const benches: Record<string, () => Promise<unknown>> = {
  retrieval: () => benchRetrieval(),
  throughput: () => benchThroughput(),
  memory: () => benchMemory(),
  ttft: () => benchTtft(),
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
const started = performance.now();
for (const name of asked.length > 0 ? asked : Object.keys(benches)) {
  const start = performance.now();
  await benches[name]!();
  console.log(`(${name}: ${((performance.now() - start) / 1_000).toFixed(1)} s)`);
}
console.log(`\nall done in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
// Sockets of the loopback servers may linger in keep-alive; the figures are printed, so leave now.
process.exit(0);
