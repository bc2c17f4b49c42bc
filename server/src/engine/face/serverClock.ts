/**
 * The model server's clock as a front end reports it (engine/index.ts `serverClock`): the
 * clock's type (`Engine.clock`), the HTTP status an overload answered with, and a time of day
 * for the next try (said once, never counted down).
 */
export { timeOfDay } from '../pipeline/clock/clockStatus';
export { httpFailure } from '../pipeline/clock/failures';
export type { ServerClock } from '../pipeline/clock/serverClock';
