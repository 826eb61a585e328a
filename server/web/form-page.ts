// The one way a posted form is handled: parse it; if it does not validate, or the service
// refuses it field by field (FormError), show it again with what was typed and the messages
// (400); a save over a change made meanwhile (StaleFormError) shows it again with 409.
// Anything else propagates to the error handler.
import type { Response } from 'express';
import type { z } from 'zod';
import { FormError, StaleFormError } from '../errors';
import type { FormErrors } from '../forms/form-fields';
import { parseForm } from '../forms/form-fields';

export async function handleForm<S extends z.ZodType>(
  res: Response,
  form: {
    schema: S;
    body: unknown;
    showAgain: (errors: FormErrors, conflict?: StaleFormError) => unknown;
    save: (data: z.infer<S>) => Promise<unknown>;
  },
): Promise<void> {
  const parsed = parseForm(form.schema, form.body);
  if (!parsed.ok) {
    res.status(400);
    await form.showAgain(parsed.errors);
    return;
  }
  try {
    await form.save(parsed.data);
  } catch (error) {
    if (error instanceof FormError) {
      res.status(400);
      await form.showAgain(error.fields);
    } else if (error instanceof StaleFormError) {
      res.status(409);
      await form.showAgain({}, error);
    } else {
      throw error;
    }
  }
}
