// Pure byte encoders for share links: UTF-8, base64url and a zlib (RFC 1950/1951) compressor.
// No DOM, no Node APIs (TextEncoder and btoa are not in the core's ES2022 lib), no wall clock.

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** UTF-8 bytes of a string; a lone surrogate becomes U+FFFD, as TextEncoder does. */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00)
        i++
      } else {
        code = 0xfffd
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      code = 0xfffd
    }
    if (code < 0x80) out.push(code)
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63))
    else if (code < 0x10000) {
      out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63))
    } else {
      out.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      )
    }
  }
  return Uint8Array.from(out)
}

/** Base64url text of bytes (RFC 4648 §5) without padding, as js-base64's `fromUint8Array(b, true)`. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]
    const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0
    const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0
    out += BASE64URL[b0 >> 2] + BASE64URL[((b0 & 3) << 4) | (b1 >> 4)]
    if (i + 1 < bytes.length) out += BASE64URL[((b1 & 15) << 2) | (b2 >> 6)]
    if (i + 2 < bytes.length) out += BASE64URL[b2 & 63]
  }
  return out
}

// RFC 1951 §3.2.5: base values and extra bits of the length codes 257–285 and distance codes 0–29.
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
  163, 195, 227, 258,
]
const LENGTH_EXTRA = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
  3073, 4097, 6145, 8193, 12289, 16385, 24577,
]
const DIST_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]

const WINDOW = 32768
const MIN_MATCH = 3
const MAX_MATCH = 258
// Bounded chain walk keeps the worst case linear in the input; 64 is zlib's level-6 figure.
const MAX_CHAIN = 64
const HASH_SIZE = 1 << 15

class BitWriter {
  readonly bytes: number[] = []
  private buffer = 0
  private count = 0

  /** Writes `n` bits of `value`, least significant first (RFC 1951 §3.1.1). */
  write(value: number, n: number): void {
    this.buffer |= value << this.count
    this.count += n
    while (this.count >= 8) {
      this.bytes.push(this.buffer & 0xff)
      this.buffer >>>= 8
      this.count -= 8
    }
  }

  /** Writes a Huffman code, which the format packs most significant bit first. */
  writeCode(code: number, length: number): void {
    let reversed = 0
    for (let i = 0; i < length; i++) reversed |= ((code >> i) & 1) << (length - 1 - i)
    this.write(reversed, length)
  }

  flush(): void {
    if (this.count > 0) this.bytes.push(this.buffer & 0xff)
    this.buffer = 0
    this.count = 0
  }
}

// Fixed Huffman code of a literal/length symbol (RFC 1951 §3.2.6).
function writeLiteralSymbol(bits: BitWriter, symbol: number): void {
  if (symbol < 144) bits.writeCode(0x30 + symbol, 8)
  else if (symbol < 256) bits.writeCode(0x190 + symbol - 144, 9)
  else if (symbol < 280) bits.writeCode(symbol - 256, 7)
  else bits.writeCode(0xc0 + symbol - 280, 8)
}

function writeMatch(bits: BitWriter, length: number, distance: number): void {
  let li = LENGTH_BASE.length - 1
  while (LENGTH_BASE[li] > length) li--
  writeLiteralSymbol(bits, 257 + li)
  if (LENGTH_EXTRA[li] > 0) bits.write(length - LENGTH_BASE[li], LENGTH_EXTRA[li])
  let di = DIST_BASE.length - 1
  while (DIST_BASE[di] > distance) di--
  bits.writeCode(di, 5)
  if (DIST_EXTRA[di] > 0) bits.write(distance - DIST_BASE[di], DIST_EXTRA[di])
}

function adler32(data: Uint8Array): number {
  let a = 1
  let b = 0
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

function hashAt(data: Uint8Array, i: number): number {
  return ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & (HASH_SIZE - 1)
}

/**
 * A zlib stream (what pako's `inflate` and Node's `inflateSync` read) of `data`: one final
 * fixed-Huffman block with greedy LZ77 matching over a 32 KiB window.
 */
export function deflateZlib(data: Uint8Array): Uint8Array {
  const bits = new BitWriter()
  const head = new Int32Array(HASH_SIZE).fill(-1)
  const prev = new Int32Array(WINDOW).fill(-1)
  const insert = (i: number): void => {
    if (i + MIN_MATCH > data.length) return
    const h = hashAt(data, i)
    prev[i & (WINDOW - 1)] = head[h]
    head[h] = i
  }

  bits.write(1, 1) // BFINAL: this is the only block
  bits.write(1, 2) // BTYPE 01: fixed Huffman codes
  let i = 0
  while (i < data.length) {
    let bestLength = 0
    let bestDistance = 0
    if (i + MIN_MATCH <= data.length) {
      const limit = Math.min(MAX_MATCH, data.length - i)
      let candidate = head[hashAt(data, i)]
      for (let chain = 0; candidate >= 0 && chain < MAX_CHAIN; chain++) {
        const distance = i - candidate
        if (distance > WINDOW) break
        let length = 0
        while (length < limit && data[candidate + length] === data[i + length]) length++
        if (length > bestLength) {
          bestLength = length
          bestDistance = distance
          if (length === limit) break
        }
        candidate = prev[candidate & (WINDOW - 1)]
      }
    }
    if (bestLength >= MIN_MATCH) {
      writeMatch(bits, bestLength, bestDistance)
      for (let k = 0; k < bestLength; k++) insert(i + k)
      i += bestLength
    } else {
      writeLiteralSymbol(bits, data[i])
      insert(i)
      i++
    }
  }
  writeLiteralSymbol(bits, 256) // end of block
  bits.flush()

  const checksum = adler32(data)
  // CMF 0x78 = deflate with a 32 KiB window; FLG 0x01 makes (CMF·256 + FLG) a multiple of 31.
  const out = new Uint8Array(bits.bytes.length + 6)
  out[0] = 0x78
  out[1] = 0x01
  out.set(bits.bytes, 2)
  const tail = out.length - 4
  out[tail] = checksum >>> 24
  out[tail + 1] = (checksum >>> 16) & 0xff
  out[tail + 2] = (checksum >>> 8) & 0xff
  out[tail + 3] = checksum & 0xff
  return out
}
