/**
 * A small PNG reader for screenshot tests: the size, and the RGB pixels of an 8-bit,
 * non-interlaced truecolour image (what Chromium writes), enough to tell a rendered chart from a
 * blank page without a dependency.
 */
import { inflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export interface Png {
  width: number
  height: number
  /** RGB of the pixel at (x, y). */
  rgb(x: number, y: number): [number, number, number]
}

export function isPng(bytes: Buffer): boolean {
  return bytes.length > 24 && bytes.subarray(0, 8).equals(SIGNATURE)
}

export function decodePng(bytes: Buffer): Png {
  if (!isPng(bytes)) throw new Error('not a PNG: the signature is missing')
  let offset = 8
  let header: { width: number; height: number; depth: number; color: number; interlace: number }
  header = { width: 0, height: 0, depth: 0, color: 0, interlace: 0 }
  const idat: Buffer[] = []
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    const data = bytes.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR')
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        depth: data[8] as number,
        color: data[9] as number,
        interlace: data[12] as number,
      }
    else if (type === 'IDAT') idat.push(data)
    else if (type === 'IEND') break
    offset += 12 + length
  }
  const channels = header.color === 6 ? 4 : header.color === 2 ? 3 : 0
  if (header.depth !== 8 || channels === 0 || header.interlace !== 0)
    throw new Error(`unsupported PNG: depth ${header.depth}, colour type ${header.color}`)
  const pixels = unfilter(inflateSync(Buffer.concat(idat)), header.width, header.height, channels)
  const stride = header.width * channels
  return {
    width: header.width,
    height: header.height,
    rgb: (x, y) => {
      const i = y * stride + x * channels
      return [pixels[i] as number, pixels[i + 1] as number, pixels[i + 2] as number]
    },
  }
}

/** Undoes the per-row filters (PNG spec section 9). */
function unfilter(raw: Buffer, width: number, height: number, bpp: number): Buffer {
  const stride = width * bpp
  const out = Buffer.alloc(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const at = y * stride
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? (out[at + x - bpp] as number) : 0
      const b = y > 0 ? (out[at - stride + x] as number) : 0
      const c = x >= bpp && y > 0 ? (out[at - stride + x - bpp] as number) : 0
      const value = row[x] as number
      let predicted = 0
      if (filter === 1) predicted = a
      else if (filter === 2) predicted = b
      else if (filter === 3) predicted = (a + b) >> 1
      else if (filter === 4) predicted = paeth(a, b, c)
      out[at + x] = (value + predicted) & 0xff
    }
  }
  return out
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}
