import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { type DenseMatrix, invalidArgument, MeanfieldError } from "@meanfield/linalg";

/** The largest design a file may hold, in entries n·d (5·10⁷ doubles = 400 MB), checked before allocating. */
export const MAX_DESIGN_FILE_ENTRIES = 5e7;

export interface DesignFileOptions {
  /**
   * Column holding the labels y, split off from X: a 0-based column index, or (CSV with a header row) the
   * column's name. Default: none (every column is a feature, no y).
   */
  labelColumn?: number | string;
  /** The user-facing name of the file option, used in every error message (default "design"; the CLI passes "--design"). */
  optionName?: string;
}

/** A design read from a file: the raw values (not standardised) and, with `labelColumn`, the labels. */
export interface DesignFile {
  X: DenseMatrix;
  y?: Float64Array;
}

/**
 * Reads a user design from a `.csv` or NumPy `.npy` file (chosen by the extension, case-insensitively).
 *
 * - `.npy` (format versions 1.0, 2.0, 3.0): a 2-D array of shape (n, d), C or Fortran order, with a
 *   little-endian dtype `<f8`, `<f4`, `<i8`, `<i4`, `<i2`, `<u8`, `<u4`, `<u2` or the one-byte `|u1`, `|i1`
 *   (`|b1` too). Big-endian, complex, object and structured arrays, other ranks and truncated files are
 *   rejected, saying what was found.
 * - `.csv`: comma-separated decimal numbers, one row per sample; the first row is taken as a header when any of
 *   its fields is not a number. Blank lines are skipped, fields are trimmed and may be wrapped in double quotes
 *   (no quoted commas). Every row must have as many fields as the first; NaN and ±Infinity are rejected.
 *
 * Both: n ≥ 2 rows, d ≥ 1 feature columns (after splitting off `labelColumn`), and at most
 * MAX_DESIGN_FILE_ENTRIES entries, checked before the matrix is allocated. Entries must be finite.
 *
 * The values are returned as they are in the file. Pass `X` (and `y`) to the simulators as the user design: the
 * parameters' `X` is standardised column-wise and scaled by 1/√d by createDlnData (standardizeDesign), so the
 * entries get the second moment 1/d of theory/dln.md, "Model"; `y` is used as is.
 *
 * Errors are MeanfieldErrors naming `optionName` (INVALID_ARGUMENT for the content, IO when the file cannot be
 * read) or `labelColumn`.
 */
export function readDesignFile(path: string, options: DesignFileOptions = {}): DesignFile {
  const optionName = options.optionName ?? "design";
  if (typeof optionName !== "string" || optionName === "")
    throw invalidArgument("optionName", "a non-empty string", options.optionName);
  if (typeof path !== "string" || path === "")
    throw invalidArgument(optionName, "the path of a .csv or .npy file", path);
  const label = options.labelColumn;
  if (label !== undefined && typeof label !== "string" && !(Number.isSafeInteger(label) && label >= 0))
    throw invalidArgument("labelColumn", "a column index ≥ 0 or a header name", label);
  const lower = path.toLowerCase();
  if (lower.endsWith(".npy")) return readNpy(path, optionName, label);
  if (lower.endsWith(".csv")) return readCsv(path, optionName, label);
  throw invalidArgument(optionName, "a file ending in .csv or .npy", path);
}

function fileError(optionName: string, path: string, message: string, details?: Record<string, unknown>) {
  return new MeanfieldError("INVALID_ARGUMENT", `${optionName} ${path}: ${message}`, {
    parameter: optionName,
    details: { path, ...details },
  });
}

function ioError(optionName: string, path: string, e: unknown) {
  const why = e instanceof Error ? e.message : String(e);
  return new MeanfieldError("IO", `${optionName} ${path}: cannot read the file (${why})`, {
    parameter: optionName,
    details: { path },
    cause: e,
  });
}

/** n ≥ 2, d ≥ 1 and the size guard, before anything of size n·d is allocated. */
function checkSize(optionName: string, path: string, n: number, d: number): void {
  if (n < 2) throw fileError(optionName, path, `${n} row(s) of data; need at least 2 samples`, { n, d });
  if (d < 1) throw fileError(optionName, path, "no feature columns; need at least 1", { n, d });
  if (n * d > MAX_DESIGN_FILE_ENTRIES)
    throw fileError(
      optionName,
      path,
      `${n} × ${d} = ${n * d} entries exceed the limit of ${MAX_DESIGN_FILE_ENTRIES} (${(MAX_DESIGN_FILE_ENTRIES * 8) / 1e6} MB of doubles)`,
      { n, d },
    );
}

/** Copies column `label` out of the row-major n×cols matrix `all` into y, the rest into X. */
function splitLabel(all: Float64Array, n: number, cols: number, label: number | undefined): DesignFile {
  if (label === undefined) return { X: { rows: n, cols, data: all } };
  const d = cols - 1;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * cols;
    y[i] = all[row + label];
    let k = i * d;
    for (let j = 0; j < cols; j++) if (j !== label) X[k++] = all[row + j];
  }
  return { X: { rows: n, cols: d, data: X }, y };
}

/** A numeric label column index, checked against the column count. */
function labelIndex(label: number | string | undefined, cols: number, header?: string[]): number | undefined {
  if (label === undefined) return undefined;
  if (typeof label === "number") {
    if (label >= cols)
      throw invalidArgument(
        "labelColumn",
        `a column index in [0, ${cols - 1}] (the file has ${cols} columns)`,
        label,
      );
    return label;
  }
  if (!header)
    throw invalidArgument(
      "labelColumn",
      "a column index (the file has no header row with column names)",
      label,
    );
  const k = header.indexOf(label);
  if (k < 0)
    throw invalidArgument(
      "labelColumn",
      `a column index or one of the header names ${header.map((h) => JSON.stringify(h)).join(", ")}`,
      label,
    );
  return k;
}

// ---------------------------------------------------------------------------------------------------------
// NumPy .npy

interface NpyDtype {
  size: number;
  read: (view: DataView, offset: number) => number;
}

/** Little-endian (or one-byte) numeric dtypes by their descr. */
const NPY_DTYPES: Record<string, NpyDtype> = {
  "<f8": { size: 8, read: (v, o) => v.getFloat64(o, true) },
  "<f4": { size: 4, read: (v, o) => v.getFloat32(o, true) },
  "<i8": { size: 8, read: (v, o) => Number(v.getBigInt64(o, true)) },
  "<i4": { size: 4, read: (v, o) => v.getInt32(o, true) },
  "<i2": { size: 2, read: (v, o) => v.getInt16(o, true) },
  "<u8": { size: 8, read: (v, o) => Number(v.getBigUint64(o, true)) },
  "<u4": { size: 4, read: (v, o) => v.getUint32(o, true) },
  "<u2": { size: 2, read: (v, o) => v.getUint16(o, true) },
  "|u1": { size: 1, read: (v, o) => v.getUint8(o) },
  "|i1": { size: 1, read: (v, o) => v.getInt8(o) },
  "|b1": { size: 1, read: (v, o) => (v.getUint8(o) ? 1 : 0) },
};

/** Why a descr is not accepted, in words. */
function describeDtype(descr: string): string {
  const kind = descr.slice(1, 2);
  if (descr.startsWith(">") && descr.length > 2 && `<${descr.slice(1)}` in NPY_DTYPES)
    return `big-endian dtype '${descr}' (convert with X.astype('<${descr.slice(1)}'))`;
  if (kind === "O") return `object array (dtype '${descr}'); save a numeric array, e.g. X.astype('<f8')`;
  if (kind === "c") return `complex dtype '${descr}'`;
  if (kind === "U" || kind === "S" || kind === "a") return `string dtype '${descr}'`;
  if (kind === "M" || kind === "m") return `date/time dtype '${descr}'`;
  if (kind === "V") return `void/structured dtype '${descr}'`;
  return `unsupported dtype '${descr}'`;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function readNpy(path: string, optionName: string, label: number | string | undefined): DesignFile {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw ioError(optionName, path, e);
  }
  try {
    const fileSize = fstatSync(fd).size;
    const fail = (message: string, details?: Record<string, unknown>) =>
      fileError(optionName, path, `not a readable .npy file: ${message}`, details);
    const pre = Buffer.alloc(12);
    const got = readSync(fd, pre, 0, 12, 0);
    if (got < 10 || NPY_MAGIC.some((b, k) => pre[k] !== b)) throw fail("missing the \\x93NUMPY magic string");
    const major = pre[6];
    const minor = pre[7];
    if (![1, 2, 3].includes(major) || minor !== 0)
      throw fail(`format version ${major}.${minor} (readable: 1.0, 2.0, 3.0)`);
    const lenBytes = major === 1 ? 2 : 4;
    if (got < 8 + lenBytes) throw fail("truncated header");
    const headerLength = major === 1 ? pre.readUInt16LE(8) : pre.readUInt32LE(8);
    const dataOffset = 8 + lenBytes + headerLength;
    if (dataOffset > fileSize || headerLength > 1 << 20) throw fail("truncated header");
    const hbuf = Buffer.alloc(headerLength);
    readSync(fd, hbuf, 0, headerLength, 8 + lenBytes);
    const header = hbuf.toString(major === 3 ? "utf8" : "latin1");

    const descrMatch = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(header);
    if (!descrMatch) {
      if (/['"]descr['"]\s*:\s*\[/.test(header))
        throw fail("structured dtype (a record array); save a plain 2-D numeric array");
      throw fail(`no 'descr' in the header ${JSON.stringify(header.trim())}`);
    }
    const descr = descrMatch[2];
    const fortranMatch = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
    if (!fortranMatch) throw fail(`no 'fortran_order' in the header ${JSON.stringify(header.trim())}`);
    const fortran = fortranMatch[1] === "True";
    const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
    if (!shapeMatch) throw fail(`no 'shape' in the header ${JSON.stringify(header.trim())}`);
    const dims = shapeMatch[1]
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (dims.some((s) => !/^\d+L?$/.test(s)))
      throw fail(`shape (${shapeMatch[1]}) is not a tuple of integers`);
    const shape = dims.map((s) => Number.parseInt(s, 10));
    const shapeText = `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;

    const dtype = NPY_DTYPES[descr === "<b1" ? "|b1" : descr];
    if (!dtype)
      throw fileError(
        optionName,
        path,
        `${describeDtype(descr)} with shape ${shapeText}; need a real numeric dtype (${Object.keys(NPY_DTYPES).join(", ")})`,
        {
          dtype: descr,
          shape,
        },
      );
    if (shape.length !== 2)
      throw fileError(
        optionName,
        path,
        `a ${shape.length}-D array of shape ${shapeText}; need a 2-D array of shape (n, d)${shape.length === 1 ? " (one feature: X.reshape(-1, 1))" : ""}`,
        { dtype: descr, shape },
      );
    const [n, cols] = shape;
    const lab = labelIndex(label, cols);
    checkSize(optionName, path, n, lab === undefined ? cols : cols - 1);
    const bytes = n * cols * dtype.size;
    if (fileSize - dataOffset < bytes)
      throw fileError(
        optionName,
        path,
        `truncated data: shape ${shapeText} of '${descr}' needs ${bytes} bytes after the header, the file has ${fileSize - dataOffset}`,
        { dtype: descr, shape },
      );
    const buf = Buffer.alloc(bytes);
    let off = 0;
    while (off < bytes) {
      const r = readSync(fd, buf, off, bytes - off, dataOffset + off);
      if (r <= 0) throw fail("truncated data");
      off += r;
    }
    const view = new DataView(buf.buffer, buf.byteOffset, bytes);
    const all = new Float64Array(n * cols);
    const s = dtype.size;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < cols; j++) {
        const v = dtype.read(view, (fortran ? j * n + i : i * cols + j) * s);
        if (!Number.isFinite(v))
          throw fileError(optionName, path, `entry (${i}, ${j}) is not finite (${v})`, { row: i, column: j });
        all[i * cols + j] = v;
      }
    }
    return splitLabel(all, n, cols, lab);
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------------------
// CSV

/** The largest CSV file read (a JavaScript string holds at most about 2²⁹ characters). */
const MAX_CSV_BYTES = 500e6;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

function unquote(field: string): string {
  const t = field.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

function readCsv(path: string, optionName: string, label: number | string | undefined): DesignFile {
  let text: string;
  try {
    const bytes = statSync(path).size;
    if (bytes > MAX_CSV_BYTES)
      throw fileError(
        optionName,
        path,
        `${(bytes / 1e6).toFixed(0)} MB is beyond the ${MAX_CSV_BYTES / 1e6} MB read for a CSV file; save the design as .npy`,
      );
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof MeanfieldError) throw e;
    throw ioError(optionName, path, e);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Line numbers are 1-based file lines; blank lines are skipped.
  const lines = text.split(/\r?\n|\r/);
  const rows: number[] = [];
  for (let k = 0; k < lines.length; k++) if (lines[k].trim() !== "") rows.push(k);
  if (rows.length === 0) throw fileError(optionName, path, "the file is empty (no rows)");

  const first = lines[rows[0]].split(",").map(unquote);
  const hasHeader = first.some((f) => !DECIMAL.test(f) && !NON_FINITE.test(f));
  const header = hasHeader ? first : undefined;
  const cols = first.length;
  const dataRows = hasHeader ? rows.slice(1) : rows;
  const n = dataRows.length;
  const lab = labelIndex(label, cols, header);
  checkSize(optionName, path, n, lab === undefined ? cols : cols - 1);

  const all = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const lineNo = dataRows[i] + 1;
    const fields = lines[dataRows[i]].split(",");
    if (fields.length !== cols)
      throw fileError(optionName, path, `line ${lineNo} has ${fields.length} fields, expected ${cols}`, {
        line: lineNo,
      });
    for (let j = 0; j < cols; j++) {
      const f = unquote(fields[j]);
      if (NON_FINITE.test(f))
        throw fileError(optionName, path, `line ${lineNo}, field ${j + 1}: not finite ('${f}')`, {
          line: lineNo,
          field: j + 1,
        });
      if (!DECIMAL.test(f))
        throw fileError(optionName, path, `line ${lineNo}, field ${j + 1}: '${f}' is not a number`, {
          line: lineNo,
          field: j + 1,
        });
      const v = Number(f);
      if (!Number.isFinite(v))
        throw fileError(optionName, path, `line ${lineNo}, field ${j + 1}: not finite ('${f}' overflows)`, {
          line: lineNo,
          field: j + 1,
        });
      all[i * cols + j] = v;
    }
  }
  return splitLabel(all, n, cols, lab);
}
