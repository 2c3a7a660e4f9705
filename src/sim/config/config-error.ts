/** A configuration that is well-formed but cannot describe a world; the shell answers 400. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message)
    this.name = 'ConfigError'
  }
}
