/**
 * @module Sizes and limits of the PSRP framing layer (MS-PSRP 2.2.1, 2.2.4).
 */

/** ObjectId (8) + FragmentId (8) + flags (1) + BlobLength (4), MS-PSRP 2.2.4. */
export const FRAGMENT_HEADER_BYTES = 21;

/** Destination (4) + MessageType (4) + RPID (16) + PID (16), MS-PSRP 2.2.1. */
export const MESSAGE_HEADER_BYTES = 40;

/** PowerShell's out-of-proc fragment size; it includes the 21-byte fragment header. */
export const OUT_OF_PROC_FRAGMENT_BYTES = 32768;

/** PowerShell's MaximumReceivedObjectSize default (10 MiB per reassembled object). */
export const DEFAULT_MAX_OBJECT_BYTES = 10 * 1024 * 1024;

/**
 * How many objects may be half-received at once before the peer is treated as hostile.
 * PowerShell sends one object at a time per stream (two streams per target at most: default and
 * prompt-response), and a pool and its pipelines sharing one defragmenter interleave a handful.
 * Was 1024: with 10 MiB each, that admitted 10 GiB of unfinished objects; 16 bounds
 * what a defragmenter can be made to hold to 16 x maxObjectBytes (see "Hostile input", README).
 */
export const DEFAULT_MAX_OBJECTS_IN_FLIGHT = 16;

/** Bytes in a GUID as written on the wire. */
export const GUID_BYTES = 16;

/** The fragment flag bits (MS-PSRP 2.2.4: S and E). */
export const FragmentFlags = { Start: 0x1, End: 0x2 } as const;

/** The UTF-8 byte order mark PowerShell writes before message data. */
export const UTF8_BOM = Object.freeze([0xef, 0xbb, 0xbf] as const);

/** BlobLength is an unsigned 32-bit field, so no fragment can carry more. */
export const MAX_BLOB_BYTES = 0xffff_ffff;
