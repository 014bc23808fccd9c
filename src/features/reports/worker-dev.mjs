// The report worker outside the single executable (npm start, tests): a worker thread does not take over
// the loader hooks of the thread that starts it, so it registers tsx itself before loading worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
