/** Thrown once at boot with every bad variable, so one restart fixes them all. */
export class ConfigError extends Error {
  /**
   * @param subject what was being configured, e.g. `API` (`Invalid API configuration`)
   * @param problems one `VARIABLE: what is wrong` line per bad variable
   */
  constructor(
    readonly subject: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${subject} configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
