// Recognises "the database is not there" among driver errors, by class, so the error handler can
// answer 503 (try again) rather than 500 (our bug).
import mongoose from 'mongoose';

const {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} = mongoose.mongo;

const UNAVAILABLE = [
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  mongoose.Error.MongooseServerSelectionError,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  return UNAVAILABLE.some((type) => error instanceof type);
}
