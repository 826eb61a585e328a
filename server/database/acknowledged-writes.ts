// Refuses every unacknowledged write (`w: 0`) before it leaves the process. FerretDB v1 answers
// such a write although the driver expects no reply; that reply then waits on the pooled
// connection and is read as the answer to the next command sent on it, so from then on that
// connection hands each request the previous request's result (seen as `BSON element "cursor" is
// missing`, or a page given someone else's documents). No library of ours may bring it back
// (connect-mongo's `autoRemove: 'interval'` did): the driver's command monitoring calls this
// check synchronously before the command is written, and an error thrown there fails only that
// command, on a connection that stays in step.
import type { MongoClient } from 'mongodb';

export class UnacknowledgedWriteError extends Error {
  override name = 'UnacknowledgedWriteError';
  constructor(readonly commandName: string) {
    super(`refused an unacknowledged write (w: 0): ${commandName}`);
  }
}

/** True when the command asks the server not to answer (write concern `w: 0`). */
export function isUnacknowledged(command: unknown): boolean {
  const writeConcern = (command as { writeConcern?: { w?: unknown } } | null)?.writeConcern;
  return writeConcern?.w === 0;
}

/**
 * Needs a client created with `monitorCommands: true`; `onRefused` hears of each refusal (for the
 * log) even when the caller swallows the error.
 */
export function refuseUnacknowledgedWrites(
  client: MongoClient,
  onRefused: (error: UnacknowledgedWriteError) => void = () => undefined,
): void {
  client.on('commandStarted', (event) => {
    if (!isUnacknowledged(event.command)) return;
    const error = new UnacknowledgedWriteError(event.commandName);
    // The driver's goodbye when the client closes (`endSessions`, sent unanswered) is refused
    // too, quietly: it fails harmlessly (the server ends idle sessions itself).
    if (event.commandName !== 'endSessions') onRefused(error);
    throw error;
  });
}
