/**
 * `npx tsx addin/scripts/icons.ts`: draw the add-in's icons (16, 32, 64, 80 px PNG) into
 * assets/icons/. A blue tile with a white table grid and a red check mark; no dependencies.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function png(
  size: number,
  pixel: (x: number, y: number) => [number, number, number, number],
): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function icon(size: number): Buffer {
  const s = size;
  const r = Math.max(2, Math.round(s * 0.16));
  const line = Math.max(1, Math.round(s / 16));
  return png(s, (x, y) => {
    // rounded tile
    const cx = Math.min(Math.max(x, r), s - 1 - r);
    const cy = Math.min(Math.max(y, r), s - 1 - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return [0, 0, 0, 0];
    const u = x / s;
    const v = y / s;
    // table grid inside 18%..82%
    const inTable = u >= 0.18 && u <= 0.82 && v >= 0.22 && v <= 0.82;
    const onRow = [0.22, 0.42, 0.62, 0.82].some((p) => Math.abs(y - p * s) < line / 2 + 0.5);
    const onCol = [0.18, 0.42, 0.82].some((p) => Math.abs(x - p * s) < line / 2 + 0.5);
    if (inTable && (onRow || onCol)) return [255, 255, 255, 255];
    if (u >= 0.18 && u <= 0.82 && v >= 0.22 && v <= 0.42) return [207, 228, 250, 255];
    return [15, 108, 189, 255];
  });
}

const out = join(dirname(fileURLToPath(import.meta.url)), "../../assets/icons");
mkdirSync(out, { recursive: true });
for (const size of [16, 32, 64, 80]) writeFileSync(join(out, `icon-${size}.png`), icon(size));
console.log(`icons written to ${out}`);
