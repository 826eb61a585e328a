// Typed errors. Each carries the HTTP status and the translation key of the message shown to the
// visitor; the error handler (web/errors.ts) renders them without inspecting messages.

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly messageKey: string;
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  readonly status = 404;
  readonly messageKey = 'errors.notFound.message';
}

export class ValidationError extends AppError {
  override name = 'ValidationError';
  readonly status = 400;
  readonly messageKey = 'errors.badRequest.message';
  constructor(
    message: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  readonly status = 403;
  readonly messageKey = 'errors.forbidden.message';
}

/** A form posted without this visitor's CSRF token (or with a stale one). */
export class CsrfError extends AppError {
  override name = 'CsrfError';
  readonly status = 403;
  readonly messageKey = 'manage:errors.csrf.message';
}

/** A form that did not validate: the route shows it again with values and messages. */
export class FormError extends AppError {
  override name = 'FormError';
  readonly status = 400;
  readonly messageKey = 'errors.badRequest.message';
  constructor(readonly fields: Readonly<Record<string, string>>) {
    super(`Invalid form: ${Object.keys(fields).join(', ')}`);
  }
}

export class TooManyRequestsError extends AppError {
  override name = 'TooManyRequestsError';
  readonly status = 429;
  readonly messageKey = 'manage:errors.tooMany.message';
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  readonly status = 409;
  readonly messageKey = 'errors.conflict.message';
}

/** A form saved over a change made after it was opened: shown again, nothing saved. */
export class StaleFormError extends AppError {
  override name = 'StaleFormError';
  readonly status = 409;
  readonly messageKey = 'errors.conflict.message';
  constructor(
    /** When the version now stored was saved (also the stamp the form is shown again with). */
    readonly changedAt: Date,
  ) {
    super('form based on an older version');
  }
}

export class UnavailableError extends AppError {
  override name = 'UnavailableError';
  readonly status = 503;
  readonly messageKey = 'errors.unavailable.message';
}

/**
 * Stored data the app cannot read (e.g. a pending revision edited outside the app): our side's
 * fault, a 500 with the generic message; the error says which record.
 */
export class DamagedDataError extends AppError {
  override name = 'DamagedDataError';
  readonly status = 500;
  readonly messageKey = 'errors.server.message';
}
