/**
 * One bot of the throughput benchmark in a process of its own: `node bench/throughput-process.ts <bot>
 * <sizes as JSON>` prints the timed runs as one JSON line on stdout (see `bench/throughput.ts`).
 */
import { measureInThisProcess, type ThroughputBot, type ThroughputSizes } from './throughput.ts';

const [which, sizes] = process.argv.slice(2) as [ThroughputBot, string];
const runs = await measureInThisProcess(which, JSON.parse(sizes) as ThroughputSizes);
console.log(JSON.stringify(runs));
// Sockets of the loopback servers may linger in keep-alive; the figures are printed, so leave now.
process.exit(0);
