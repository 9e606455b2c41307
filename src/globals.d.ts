// Host functions the core may use that the ES library types leave out (the core's tsconfig has no
// DOM or Node types). structuredClone exists in Node ≥ 17, browsers and workers.
declare function structuredClone<T>(value: T): T
