/** Thrown when the environment does not describe a valid configuration; its message is one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
