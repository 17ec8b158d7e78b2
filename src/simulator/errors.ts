// A failed API call: routes throw ApiError and the server turns it into the WeCom envelope.
import { errInfo } from '../wecom';

export class ApiError extends Error {
  constructor(readonly errcode: number, readonly text?: string) {
    super(text ?? errInfo(errcode)?.msg ?? `errcode ${errcode}`);
    this.name = 'ApiError';
  }
}

/** Throws the WeCom error `code`; `text` replaces the table's errmsg text when it says more. */
export function fail(code: number, text?: string): never {
  throw new ApiError(code, text);
}

/**
 * An /_sim/ inspection request that cannot be served (plain HTTP status, not the WeCom envelope).
 * A refused body names the `field` and what is `allowed` there.
 */
export class InspectError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string, readonly allowed?: string) {
    super(message);
    this.name = 'InspectError';
  }
}
