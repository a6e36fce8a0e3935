/** `npm run bench`: every benchmark, each printing its figures next to a baseline measured in the same run. */
import { benchRetrieval } from './retrieval.ts';

await benchRetrieval();
