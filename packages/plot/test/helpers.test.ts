import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodePng, inkFraction } from "./helpers/png.js";
import { checkWellFormedXml } from "./helpers/xml.js";

// The test helpers are checked themselves, so a passing figure test cannot come from a lenient checker.
describe("checkWellFormedXml", () => {
  it("accepts well-formed XML and decodes entities in text", () => {
    const r = checkWellFormedXml(
      '<?xml version="1.0"?><svg a="1" b=\'x &amp; y\'><text>a &lt; b &#949;</text><g/></svg>',
    );
    expect(r.root).toBe("svg");
    expect(r.texts).toEqual(["a < b ε"]);
  });
  it.each([
    ["<svg><g></svg>", /does not match/],
    ["<svg>", /unclosed/],
    ["<svg a=1></svg>", /malformed attribute/],
    ['<svg a="1" a="2"></svg>', /duplicate/],
    ["<svg>&nbsp;</svg>", /unknown entity/],
    ["<svg>a & b</svg>", /entity/],
    ["<svg></svg><svg></svg>", /more than one root/],
    ['<svg a="<"></svg>', /raw </],
    ["text<svg></svg>", /outside the root/],
  ])("rejects %s", (xml, message) => {
    expect(() => checkWellFormedXml(xml)).toThrow(message);
  });
});

function png(width: number, height: number, rgba: number[], filter = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(filter);
    for (let x = 0; x < width * 4; x++) {
      const v = rgba[(y * width * 4 + x) % rgba.length]!;
      const left = x >= 4 ? rgba[(y * width * 4 + x - 4) % rgba.length]! : 0;
      rows.push(filter === 1 ? (v - left) & 0xff : v);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("decodePng", () => {
  it("decodes unfiltered and Sub-filtered RGBA and measures ink", () => {
    const pixels = [255, 255, 255, 255, 0, 0, 0, 255]; // white, black, alternating
    for (const filter of [0, 1]) {
      const img = decodePng(png(4, 2, pixels, filter));
      expect([img.width, img.height, img.channels]).toEqual([4, 2, 4]);
      expect(Array.from(img.pixels.subarray(0, 8))).toEqual(pixels);
      expect(inkFraction(img)).toBe(0.5);
    }
  });
  it("rejects a corrupted chunk", () => {
    const bytes = png(2, 2, [255, 0, 0, 255]);
    bytes[20] ^= 1; // inside IHDR data
    expect(() => decodePng(bytes)).toThrow(/CRC/);
  });
});
