import { validateCreditCode, validateDivisionCode } from '@hutong/gb-codes';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** 统一社会信用代码 (GB 32100) with its check character; the message names the failed rule. */
export function IsCreditCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCreditCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && validateCreditCode(value).ok,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          if (typeof value !== 'string') return `${args?.property ?? 'value'} must be an 18-character unified social credit code`;
          const result = validateCreditCode(value);
          return result.ok
            ? ''
            : `${args?.property ?? 'value'} is not a valid unified social credit code (${result.reason}): ${result.message}`;
        },
      },
    },
    options,
  );
}

/** A current GB/T 2260 division code (six digits). */
export function IsCurrentDivisionCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDivisionCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && validateDivisionCode(value, { allowHistorical: false }).ok,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          if (typeof value !== 'string') return `${args?.property ?? 'value'} must be a six-digit GB/T 2260 division code`;
          const result = validateDivisionCode(value, { allowHistorical: false });
          return result.ok
            ? ''
            : `${args?.property ?? 'value'} is not a current GB/T 2260 division (${result.reason}): ${result.message}`;
        },
      },
    },
    options,
  );
}
