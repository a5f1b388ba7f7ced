/**
 * A minimal PNG decoder for the tests, written from the PNG specification and independent of resvg:
 * checks the signature and every chunk CRC, reads IHDR, inflates IDAT and undoes the scanline filters.
 * Supports 8-bit greyscale, RGB and RGBA without interlacing (what resvg writes).
 */
import { crc32, inflateSync } from "node:zlib";

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface DecodedPng {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

export function readPngSize(png: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("not a PNG: bad signature");
  if (buf.toString("latin1", 12, 16) !== "IHDR") throw new Error("first chunk is not IHDR");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

export function decodePng(png: Uint8Array): DecodedPng {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const { width, height } = readPngSize(buf);
  let pos = 8;
  const idat: Buffer[] = [];
  let bitDepth = 0;
  let colorType = -1;
  let interlace = 0;
  let sawEnd = false;
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("latin1", pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    const crc = buf.readUInt32BE(pos + 8 + len);
    if (crc32(buf.subarray(pos + 4, pos + 8 + len)) !== crc) throw new Error(`bad CRC in ${type} chunk`);
    if (type === "IHDR") {
      bitDepth = data[8]!;
      colorType = data[9]!;
      interlace = data[12]!;
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") {
      sawEnd = true;
      break;
    }
    pos += 12 + len;
  }
  if (!sawEnd) throw new Error("missing IEND");
  if (bitDepth !== 8 || interlace !== 0)
    throw new Error(`unsupported PNG: depth ${bitDepth}, interlace ${interlace}`);
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType as 0 | 2 | 4 | 6];
  if (!channels) throw new Error(`unsupported colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error("IDAT size does not match the image size");
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const cur = raw[src + x]!;
      const a = x >= channels ? out[row + x - channels]! : 0;
      const b = y > 0 ? out[row - stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[row - stride + x - channels]! : 0;
      let v: number;
      switch (filter) {
        case 0:
          v = cur;
          break;
        case 1:
          v = cur + a;
          break;
        case 2:
          v = cur + b;
          break;
        case 3:
          v = cur + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = cur + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`bad filter type ${filter}`);
      }
      out[row + x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels: out };
}

/** Fraction of pixels that differ visibly from a white background (any colour channel below 235). */
export function inkFraction(img: DecodedPng): number {
  const colour = img.channels >= 3 ? 3 : 1;
  let ink = 0;
  const total = img.width * img.height;
  for (let p = 0; p < total; p++) {
    for (let ch = 0; ch < colour; ch++) {
      if (img.pixels[p * img.channels + ch]! < 235) {
        ink++;
        break;
      }
    }
  }
  return ink / total;
}

/** First and last pixel columns that carry ink (any colour channel below 235), or -1 when blank. */
export function inkColumns(img: DecodedPng): { left: number; right: number } {
  const colour = img.channels >= 3 ? 3 : 1;
  let left = -1;
  let right = -1;
  for (let x = 0; x < img.width; x++) {
    let ink = false;
    for (let y = 0; y < img.height && !ink; y++) {
      const p = (y * img.width + x) * img.channels;
      for (let ch = 0; ch < colour; ch++) if (img.pixels[p + ch]! < 235) ink = true;
    }
    if (ink) {
      if (left < 0) left = x;
      right = x;
    }
  }
  return { left, right };
}
