/**
 * @module Bot API errors, shaped like Telegram's `{ ok: false, error_code, description, parameters? }`.
 */

/** The failure half of a Bot API response. */
export interface ApiErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** What `failNext` injects: a status code, and optionally Telegram's wording and a 429's `retry_after`. */
export interface InjectedFailure {
  error_code: number;
  /** Defaults to Telegram's usual text for the code, e.g. `Too Many Requests: retry after 3`. */
  description?: string;
  /** Seconds; sent as `parameters.retry_after` (429 responses). */
  retry_after?: number;
}

/** Thrown by a fake method to answer with `ok: false`; the HTTP status equals `error_code`, as in Telegram. */
export class ApiError extends Error {
  /** The Telegram error code (400, 403, 404, 409, 429, …). */
  readonly errorCode: number;
  /** Extra fields Telegram sends with some errors. */
  readonly parameters: ApiErrorBody['parameters'];

  /**
   * @param errorCode Telegram's `error_code`
   * @param description Telegram's `description`, e.g. `Bad Request: message text is empty`
   * @param parameters `retry_after` for 429s
   */
  constructor(errorCode: number, description: string, parameters?: ApiErrorBody['parameters']) {
    super(description);
    this.name = 'ApiError';
    this.errorCode = errorCode;
    this.parameters = parameters;
  }

  /** The JSON body Telegram would send. */
  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { ok: false, error_code: this.errorCode, description: this.message };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

/** A 400 `Bad Request: <what>`, Telegram's most common failure. */
export function badRequest(what: string): ApiError {
  return new ApiError(400, `Bad Request: ${what}`);
}

/** Turns a `failNext` spec into the error it stands for, filling in Telegram's usual description. */
export function injectedError({ error_code, description, retry_after }: InjectedFailure): ApiError {
  const parameters = retry_after === undefined ? undefined : { retry_after };
  return new ApiError(error_code, description ?? defaultDescription(error_code, retry_after), parameters);
}

function defaultDescription(code: number, retryAfter: number | undefined): string {
  switch (code) {
    case 400:
      return 'Bad Request';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden: bot was blocked by the user';
    case 404:
      return 'Not Found';
    case 409:
      return 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
    case 429:
      return `Too Many Requests: retry after ${retryAfter ?? 1}`;
    default:
      return code >= 500 ? 'Internal Server Error' : `Error ${code}`;
  }
}
