/** The 21-byte fragment header (MS-PSRP 2.2.4), big-endian on the wire. */

export const FRAGMENT_HEADER_BYTES: u32 = 21;
export const FLAG_START: u8 = 0x1;
export const FLAG_END: u8 = 0x2;
export const OBJECT_ID_OFFSET: usize = 0;
export const FRAGMENT_ID_OFFSET: usize = 8;
export const FLAGS_OFFSET: usize = 16;
export const BLOB_LENGTH_OFFSET: usize = 17;

export function writeHeader(target: usize, objectId: u64, fragmentId: u64, flags: u8, blobLength: u32): void {
  store<u64>(target + OBJECT_ID_OFFSET, bswap<u64>(objectId));
  store<u64>(target + FRAGMENT_ID_OFFSET, bswap<u64>(fragmentId));
  store<u8>(target + FLAGS_OFFSET, flags);
  store<u32>(target + BLOB_LENGTH_OFFSET, bswap<u32>(blobLength));
}

export function readObjectId(source: usize): u64 {
  return bswap<u64>(load<u64>(source + OBJECT_ID_OFFSET));
}

export function readFragmentId(source: usize): u64 {
  return bswap<u64>(load<u64>(source + FRAGMENT_ID_OFFSET));
}

export function readFlags(source: usize): u8 {
  return load<u8>(source + FLAGS_OFFSET);
}

export function readBlobLength(source: usize): u32 {
  return bswap<u32>(load<u32>(source + BLOB_LENGTH_OFFSET));
}
