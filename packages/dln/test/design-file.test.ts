import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MeanfieldError } from "@meanfield/linalg";
import { afterAll, describe, expect, it } from "vitest";
import {
  createDlnData,
  type DesignFileOptions,
  MAX_DESIGN_FILE_ENTRIES,
  readDesignFile,
  validateDlnParams,
} from "../src/index.js";
import { expectError } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "meanfield-design-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function file(ext: string, content: string | Uint8Array): string {
  const path = join(dir, `f${count++}.${ext}`);
  writeFileSync(path, content);
  return path;
}

/**
 * The bytes of a .npy file written by hand: magic, version, header length, the dict padded with spaces and a
 * newline so that the data start at a multiple of 64 (as numpy writes it), then `data`.
 */
function npy(
  descr: string,
  shape: number[],
  data: Uint8Array,
  opts: { fortran?: boolean; major?: number } = {},
) {
  const major = opts.major ?? 1;
  const shapeText = `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? "True" : "False"}, 'shape': ${shapeText}, }`;
  const pre = major === 1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = `${dict}${" ".repeat(total - pre - dict.length - 1)}\n`;
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  for (let k = 0; k < dict.length; k++) out[pre + k] = dict.charCodeAt(k);
  out.set(data, total);
  return out;
}

function bytes(values: number[], kind: "f8" | "f4" | "i4" | "u1", littleEndian = true): Uint8Array {
  const size = { f8: 8, f4: 4, i4: 4, u1: 1 }[kind];
  const out = new Uint8Array(values.length * size);
  const v = new DataView(out.buffer);
  values.forEach((x, k) => {
    if (kind === "f8") v.setFloat64(k * 8, x, littleEndian);
    else if (kind === "f4") v.setFloat32(k * 4, x, littleEndian);
    else if (kind === "i4") v.setInt32(k * 4, x, littleEndian);
    else v.setUint8(k, x);
  });
  return out;
}

function expectFileError(path: string, options: DesignFileOptions, ...contains: string[]): MeanfieldError {
  return expectError(() => readDesignFile(path, options), options.optionName ?? "design", ...contains);
}

// A 3×2 design, row-major: [[1, 2], [3, 4], [5, 6.5]].
const rowMajor = [1, 2, 3, 4, 5, 6.5];

describe("reading .npy designs", () => {
  it("reads <f8 and <f4 in C order, versions 1.0, 2.0 and 3.0", () => {
    for (const major of [1, 2, 3]) {
      const { X, y } = readDesignFile(file("npy", npy("<f8", [3, 2], bytes(rowMajor, "f8"), { major })));
      expect(X).toEqual({ rows: 3, cols: 2, data: Float64Array.from(rowMajor) });
      expect(y).toBeUndefined();
    }
    const f4 = readDesignFile(file("npy", npy("<f4", [3, 2], bytes([0.1, 2, 3, 4, 5, 6.5], "f4"))));
    expect(f4.X.data[0]).toBe(Math.fround(0.1));
    expect(Array.from(f4.X.data.slice(1))).toEqual([2, 3, 4, 5, 6.5]);
  });

  it("reads <i4 and |u1 integers and Fortran order", () => {
    const i4 = readDesignFile(file("NPY", npy("<i4", [2, 3], bytes([1, -2, 3, -4, 5, 2147483647], "i4"))));
    expect(i4.X.rows).toBe(2);
    expect(Array.from(i4.X.data)).toEqual([1, -2, 3, -4, 5, 2147483647]);
    const u1 = readDesignFile(file("npy", npy("|u1", [2, 2], bytes([0, 255, 7, 9], "u1"))));
    expect(Array.from(u1.X.data)).toEqual([0, 255, 7, 9]);
    // Fortran order stores columns one after the other: [1, 3, 5, 2, 4, 6.5] is the same 3×2 matrix.
    const fortran = readDesignFile(
      file("npy", npy("<f8", [3, 2], bytes([1, 3, 5, 2, 4, 6.5], "f8"), { fortran: true })),
    );
    expect(Array.from(fortran.X.data)).toEqual(rowMajor);
  });

  it("splits off a label column by index", () => {
    const { X, y } = readDesignFile(file("npy", npy("<f8", [3, 2], bytes(rowMajor, "f8"))), {
      labelColumn: 0,
    });
    expect(X).toEqual({ rows: 3, cols: 1, data: Float64Array.from([2, 4, 6.5]) });
    expect(Array.from(y as Float64Array)).toEqual([1, 3, 5]);
  });

  it("rejects other dtypes, saying what was found", () => {
    const data = bytes(rowMajor, "f8", false);
    expectFileError(file("npy", npy(">f8", [3, 2], data)), {}, "big-endian", "'>f8'");
    expectFileError(file("npy", npy("<c16", [3, 1], data)), { optionName: "--design" }, "complex", "'<c16'");
    expectFileError(file("npy", npy("|O", [3, 2], data)), {}, "object array", "'|O'");
    expectFileError(file("npy", npy("<U3", [3, 2], data)), {}, "string dtype");
  });

  it("rejects other ranks, truncated data, bad headers and too-large shapes", () => {
    const data = bytes(rowMajor, "f8");
    expectFileError(file("npy", npy("<f8", [3, 1, 2], data)), { optionName: "--design" }, "3-D", "(3, 1, 2)");
    expectFileError(file("npy", npy("<f8", [6], data)), {}, "1-D", "(6,)", "reshape");
    const truncated = npy("<f8", [3, 2], data).slice(0, -5);
    expectFileError(file("npy", truncated), {}, "truncated", "48 bytes", "43");
    expectFileError(file("npy", new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])), {}, "magic");
    expectFileError(file("npy", npy("<f8", [1, 2], bytes([1, 2], "f8"))), {}, "at least 2 samples");
    expectFileError(file("npy", npy("<f8", [4, 0], new Uint8Array())), {}, "at least 1");
    // the size guard comes before any allocation or read of the data (this header claims 1e8 doubles)
    expectFileError(
      file("npy", npy("<f8", [100000, 1000], new Uint8Array())),
      {},
      "100000000 entries",
      `${MAX_DESIGN_FILE_ENTRIES}`,
    );
    const nan = bytes([1, Number.NaN, 3, 4, 5, 6], "f8");
    expectFileError(file("npy", npy("<f8", [3, 2], nan)), {}, "entry (0, 1) is not finite");
  });
});

describe("reading .csv designs", () => {
  it("reads plain numbers, with or without a header row", () => {
    const plain = readDesignFile(file("csv", "1,2\n3,4\r\n5,6.5\n\n"));
    expect(plain.X).toEqual({ rows: 3, cols: 2, data: Float64Array.from(rowMajor) });
    const header = readDesignFile(file("csv", 'a,"b"\n1, 2\n3,4\n5,6.5e0\n'));
    expect(header.X).toEqual({ rows: 3, cols: 2, data: Float64Array.from(rowMajor) });
  });

  it("splits off a label column by name or index", () => {
    const path = file("csv", "x1,y,x2\n1,10,2\n3,30,4\n5,50,6.5\n");
    for (const labelColumn of ["y", 1]) {
      const { X, y } = readDesignFile(path, { labelColumn });
      expect(X).toEqual({ rows: 3, cols: 2, data: Float64Array.from(rowMajor) });
      expect(Array.from(y as Float64Array)).toEqual([10, 30, 50]);
    }
    const e = (labelColumn: number | string) => {
      try {
        readDesignFile(path, { labelColumn });
      } catch (err) {
        expect((err as MeanfieldError).parameter).toBe("labelColumn");
        return (err as MeanfieldError).message;
      }
      throw new Error("no error");
    };
    expect(e("z")).toContain('"x1", "y", "x2"');
    expect(e(3)).toContain("[0, 2]");
    expect(e(-1)).toContain("labelColumn");
  });

  it("reports ragged rows, text, NaN and Infinity by line and field", () => {
    expectFileError(
      file("csv", "a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4\n"),
      {},
      "line 7 has 4 fields, expected 5",
    );
    expectFileError(
      file("csv", "1,2\n3,4\n5,abc\n"),
      { optionName: "--design" },
      "line 3, field 2: 'abc' is not a number",
    );
    expectFileError(file("csv", "1,2\n3,4\n5,\n"), {}, "line 3, field 2: '' is not a number");
    expectFileError(file("csv", "1,2\n3,NaN\n5,6\n"), {}, "line 2, field 2: not finite");
    expectFileError(file("csv", "x,y\n1,2\n-inf,4\n"), {}, "line 3, field 1: not finite");
    expectFileError(file("csv", "1,2\n1e999,4\n"), {}, "line 2, field 1: not finite");
  });

  it("rejects empty files, too few rows or columns, and other extensions", () => {
    expectFileError(file("csv", ""), {}, "empty");
    expectFileError(file("csv", "\n  \n"), {}, "empty");
    expectFileError(file("csv", "a,b\n1,2\n"), {}, "at least 2 samples");
    expectFileError(file("csv", "1\n2\n3\n"), { labelColumn: 0 }, "at least 1");
    expectFileError(file("txt", "1,2\n3,4\n"), {}, ".csv or .npy");
    const missing = expectFileError(join(dir, "missing.csv"), {}, "cannot read");
    expect(missing.code).toBe("IO");
  });

  it("returns raw values, which createDlnData standardises as a user X", () => {
    const { X, y } = readDesignFile(file("csv", "x1,x2,y\n1,10,1\n2,30,2\n4,20,3\n7,0,4\n"), {
      labelColumn: "y",
    });
    expect(Array.from(X.data.slice(0, 2))).toEqual([1, 10]);
    const data = createDlnData(validateDlnParams({ X, y: y as Float64Array, alpha: 1, T: 1 }));
    for (let j = 0; j < 2; j++) {
      const col = [0, 1, 2, 3].map((i) => data.X.data[i * 2 + j]);
      expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
      expect(col.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1 / 2, 12);
    }
    expect(Array.from(data.y)).toEqual([1, 2, 3, 4]);
  });
});
