import { ValidationPipe, type Type, type ValidationError } from '@nestjs/common';
import type { FieldViolation } from './problem';
import { validationProblem } from './problems';

/**
 * Flattens class-validator's nested error tree into one violation per failed rule, with a path a
 * client can point at (`items[2].code`).
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  const violations: FieldViolation[] = [];
  for (const error of errors) {
    const field = joinPath(parent, error.property);
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      violations.push({ field, rule: rule === 'whitelistValidation' ? 'unknown_property' : rule, message });
    }
    if (error.children && error.children.length > 0) {
      violations.push(...flattenValidationErrors(error.children, field));
    }
  }
  return violations;
}

function joinPath(parent: string, property: string): string {
  if (parent === '') return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/**
 * The global pipe: unknown properties are refused (not silently dropped, so a typo in a field name
 * is visible to the caller), and values are transformed to their declared types.
 */
export function createValidationPipe(expectedType?: Type): ValidationPipe {
  return new ValidationPipe({
    ...(expectedType ? { expectedType } : {}),
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
  });
}
