import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { getCrc32, makeStoredZip } from './storedZip'

interface Entry {
  name: string
  crc: number
  data: Uint8Array
}

// Reads a stored ZIP back through its central directory, checking every header it passes.
function readZip(zip: Uint8Array): Entry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const end = zip.length - 22
  expect(view.getUint32(end, true)).toBe(0x06054b50)
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  const entries: Entry[] = []
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50)
    const crc = view.getUint32(at + 16, true)
    const size = view.getUint32(at + 24, true)
    const nameLength = view.getUint16(at + 28, true)
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength))
    const local = view.getUint32(at + 42, true)
    expect(view.getUint32(local, true)).toBe(0x04034b50)
    expect(view.getUint16(local + 8, true)).toBe(0) // stored
    expect(view.getUint32(local + 14, true)).toBe(crc)
    const start = local + 30 + view.getUint16(local + 26, true)
    entries.push({ name, crc, data: zip.subarray(start, start + size) })
    at += 46 + nameLength
  }
  return entries
}

describe('getCrc32', () => {
  it.each(['', 'a', '123456789', 'HSET "Task_Meta_101" Status QUEUED\n', 'zoné ünïcode'])(
    'agrees with zlib on %j',
    (text) => {
      const bytes = new TextEncoder().encode(text)

      expect(getCrc32(bytes)).toBe(crc32(bytes))
    },
  )
})

describe('makeStoredZip', () => {
  it('stores each file under its name with its CRC', () => {
    const encoder = new TextEncoder()
    const files = [
      { name: 'run-redis/L1.redis', data: encoder.encode('HSET LB_Status LB1 ALIVE\n') },
      { name: 'run-redis/L2_Z1.redis', data: encoder.encode('SADD Zone_VMs VM_1 VM_2\n') },
      { name: 'empty.redis', data: new Uint8Array(0) },
    ]

    const entries = readZip(makeStoredZip(files))

    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.name))
    entries.forEach((entry, i) => {
      expect([...entry.data]).toEqual([...files[i].data])
      expect(entry.crc).toBe(crc32(files[i].data))
    })
  })

  it('gives the same bytes for the same files', () => {
    const files = [{ name: 'a.txt', data: new Uint8Array([1, 2, 3]) }]

    expect(makeStoredZip(files)).toEqual(makeStoredZip(files))
  })

  it('writes an empty archive as the end record alone', () => {
    expect(makeStoredZip([])).toEqual(
      new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]),
    )
  })
})
