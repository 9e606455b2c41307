// The cache module's public surface: a Redis-like store for L1 and each zone's L2 (SPEC §3).
// Re-exports only; nothing here may import the engine or the trace.

export { CACHE_COMMANDS, type CacheReply, executeCommand, isReadOnlyCommand } from './commands'
export { CacheCommandError, type CacheErrorCode } from './errors'
export {
  type CacheHash,
  type CacheList,
  type CacheSet,
  type CacheStore,
  type CacheValue,
  type CacheValueType,
  createCache,
  del,
  dumpKeyspace,
  exists,
  getKeyType,
  getValueType,
  hdel,
  hexists,
  hget,
  hgetall,
  hlen,
  hset,
  hsetnx,
  type KeyspaceDump,
  type KeyspaceEntry,
  llen,
  lpop,
  lrange,
  rpush,
  sadd,
  scard,
  sismember,
  smembers,
  srem,
} from './store'
