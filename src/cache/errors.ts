// The typed error every cache command throws on bad input, with Redis' own wording first.
// Pure: no I/O, and it never touches a store.

/** Why a command failed; each maps to one Redis error reply. */
export type CacheErrorCode =
  | 'WRONGTYPE'
  | 'WRONG_ARITY'
  | 'UNKNOWN_COMMAND'
  | 'NOT_INTEGER'
  | 'NOT_POSITIVE'

/** Redis' message for each code; `%s` is the command name where Redis names it. */
const REDIS_TEXT: Record<CacheErrorCode, string> = {
  WRONGTYPE: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  WRONG_ARITY: "ERR wrong number of arguments for '%s' command",
  UNKNOWN_COMMAND: "ERR unknown command '%s'",
  NOT_INTEGER: 'ERR value is not an integer or out of range',
  NOT_POSITIVE: 'ERR value is out of range, must be positive',
}

/** A command rejected by a cache; the store is left exactly as it was before the command. */
export class CacheCommandError extends Error {
  override readonly name = 'CacheCommandError'
  readonly code: CacheErrorCode
  readonly cache: string
  readonly command: string
  readonly args: readonly string[]

  constructor(code: CacheErrorCode, cache: string, command: string, args: readonly string[]) {
    // Redis lowercases the name in arity errors and keeps it as typed in unknown-command errors.
    const shown = code === 'WRONG_ARITY' ? command.toLowerCase() : command
    const call = [command, ...args.map((arg) => JSON.stringify(arg))].join(' ')
    super(`${REDIS_TEXT[code].replace('%s', shown)} [cache ${cache}: ${call}]`)
    this.code = code
    this.cache = cache
    this.command = command
    this.args = args.slice()
  }
}
