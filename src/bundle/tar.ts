// A tar writer for bundles: regular files only, in the exact ustar layout Go's archive/tar writes for `opa build`
// (mode 0600, uid and gid 0, no user or group names, modification time 0, no padding to a 10 KiB record), so a
// bundle is the same bytes wherever and whenever it is built. Hand-written rather than a dependency: the format is
// one 512-byte header per file, and every field has to be pinned for reproducibility anyway.
import { gzipSync } from "node:zlib";

const BLOCK = 512;

export interface TarEntry {
  /** The path inside the archive, as OPA expects it: "/policy.rego", "/data.json". */
  name: string;
  content: Buffer;
}

/** Header fields that do not vary: mode 0600, uid 0, gid 0, modification time 0. */
const MODE = "0000600\0";
const ID = "0000000\0";
const MTIME = "00000000000\0";

/** ustar's name field holds 100 bytes; a longer path needs the prefix field, which no bundle path here does. */
const NAME_BYTES = 100;

function header(entry: TarEntry): Buffer {
  const block = Buffer.alloc(BLOCK);
  const name = Buffer.from(entry.name, "utf8");
  if (name.length > NAME_BYTES) throw new RangeError(`tar entry name longer than ${NAME_BYTES} bytes: ${entry.name}`);
  name.copy(block, 0);
  block.write(MODE, 100, "ascii");
  block.write(ID, 108, "ascii");
  block.write(ID, 116, "ascii");
  block.write(entry.content.length.toString(8).padStart(11, "0") + "\0", 124, "ascii");
  block.write(MTIME, 136, "ascii");
  block.write("        ", 148, "ascii"); // The checksum is computed with its own field as spaces.
  block.write("0", 156, "ascii"); // A regular file.
  block.write("ustar\0" + "00", 257, "ascii");
  block.write("0000000\0", 329, "ascii"); // Device major and minor, as Go writes them.
  block.write("0000000\0", 337, "ascii");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return block;
}

/** The archive: each entry's header and content padded to a block, then two zero blocks. */
export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), entry.content);
    const padding = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
    if (padding) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

/** The gzip header's operating-system byte; 255 ("unknown"), as Go writes it, so the bytes do not name the build machine's OS. */
const GZIP_OS_BYTE = 9;

/** gzip at the highest level, with no file name and modification time 0 (Node writes none), and a fixed OS byte. */
export function gzip(data: Buffer): Buffer {
  const out = gzipSync(data, { level: 9 });
  out[GZIP_OS_BYTE] = 0xff;
  return out;
}
