/** The CKAN error types this API answers with, and the HTTP status CKAN gives each. */
const CKAN_ERROR_STATUS = { 'Not Found Error': 404, 'Validation Error': 409 } as const;
export type CkanErrorType = keyof typeof CKAN_ERROR_STATUS;

/**
 * An expected failure of a CKAN action. It is answered in CKAN's own error shape, not as
 * problem+json: CKAN clients (ckanext-harvest, ckanapi) read `success` and `error.__type`.
 * Validation errors also carry CKAN's per-field lists, e.g. `{"rows": ["Invalid integer"]}`.
 */
export class CkanError extends Error {
  override readonly name = 'CkanError';

  private constructor(
    readonly type: CkanErrorType,
    message: string,
    readonly fields: Readonly<Record<string, readonly string[]>> = {},
  ) {
    super(message);
  }

  get status(): number {
    return CKAN_ERROR_STATUS[this.type];
  }

  static notFound(what: string): CkanError {
    return new CkanError('Not Found Error', `Not found: ${what}`);
  }

  static invalid(field: string, message: string): CkanError {
    return new CkanError('Validation Error', `${field}: ${message}`, { [field]: [message] });
  }
}
