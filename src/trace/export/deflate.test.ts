// Byte encoders checked against Node's zlib, Buffer UTF-8 and base64url.
// Test-only: Node APIs are allowed here, never in the encoders.

import { inflateSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deflateZlib, encodeBase64Url, encodeUtf8 } from './deflate'

describe('deflateZlib', () => {
  it('inflates back to the input with Node zlib (fast-check, seed 1950)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        const inflated = inflateSync(deflateZlib(bytes))

        expect(new Uint8Array(inflated)).toEqual(bytes)
      }),
      { seed: 1950, numRuns: 200 },
    )
  })

  it('inflates back repetitive text longer than the 32 KiB window', () => {
    const text = encodeUtf8('LB1->>L2_Z1: Check Last Heartbeat Timestamp\n'.repeat(3000))

    const compressed = deflateZlib(text)

    expect(new Uint8Array(inflateSync(compressed))).toEqual(text)
    expect(compressed.length).toBeLessThan(text.length / 20)
  })

  it('writes a zlib header that names deflate with a 32 KiB window', () => {
    const out = deflateZlib(new Uint8Array())

    expect([out[0], out[1]]).toEqual([0x78, 0x01])
    expect((out[0] * 256 + out[1]) % 31).toBe(0)
  })
})

describe('encodeUtf8', () => {
  it('matches Node for any string, lone surrogates included (fast-check, seed 8)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(Buffer.from(encodeUtf8(text))).toEqual(Buffer.from(text, 'utf8'))
      }),
      { seed: 8, numRuns: 300 },
    )
  })
})

describe('encodeBase64Url', () => {
  it('matches Node base64url without padding (fast-check, seed 64)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(encodeBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'))
      }),
      { seed: 64, numRuns: 300 },
    )
  })
})
