import type { CkanError } from './ckan-error';
import type { OpenDataIris } from './open-data-iris';

/** CKAN's response envelope; `help` points at the action's documentation as CKAN's does. */
export interface CkanSuccess<T> {
  readonly help: string;
  readonly success: true;
  readonly result: T;
}

export interface CkanFailure {
  readonly help: string;
  readonly success: false;
  readonly error: { readonly __type: string; readonly message: string; readonly [field: string]: unknown };
}

export function ckanSuccess<T>(iris: OpenDataIris, action: string, result: T): CkanSuccess<T> {
  return { help: helpUrl(iris, action), success: true, result };
}

export function ckanFailure(iris: OpenDataIris, action: string, error: CkanError): CkanFailure {
  return { help: helpUrl(iris, action), success: false, error: { ...error.fields, __type: error.type, message: error.message } };
}

function helpUrl(iris: OpenDataIris, action: string): string {
  return `${iris.ckanAction('help_show')}?name=${encodeURIComponent(action)}`;
}
