/** In CI every service the tests need must be present: a missing one fails the run, never skips it. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
