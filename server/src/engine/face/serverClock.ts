/**
 * The model server's clock as a front end reports it (engine/index.ts `serverClock`): the
 * clock's type (`Engine.clock`), the HTTP status an overload answered with, a time of day
 * for the next try (said once, never counted down), and the retry rules a help text names.
 */
export { timeOfDay } from '../pipeline/clock/clockStatus';
export { httpFailure } from '../pipeline/clock/failures';
export type { ServerClock } from '../pipeline/clock/serverClock';
export { retryPolicy } from '../pipeline/clock/waits';
