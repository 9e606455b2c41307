// Assertions for impossible cases: they name the value that should not exist.

/** Fails on a value a `switch` over a union should never see. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value [${JSON.stringify(value)}]`)
}
