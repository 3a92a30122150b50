/**
 * @module The engines that need no initialisation: plain TS everywhere, and TS with the
 * runtime's own base64 where it has one (the synchronous default).
 */
import { base64IntoTs, decodeBase64Ts, encodeBase64Ts } from './base64-ts.js';
import type { Base64Path, FragmentEngine } from './engine.js';
import { BASE64_PATH_PREFERENCE } from './engine-defaults.js';
import { writeFragmentsTs } from './fragment-writer-ts.js';
import { decodeMessage, encodeMessage } from './message.js';
import { type Base64Codec, type NativeBase64Name, findNativeBase64 } from './runtime-native.js';
import type { ReassemblerOptions } from './reassembler.js';
import { TsReassembler } from './reassembler-ts.js';

/** Plain TS for every operation: the reference the other paths are tested against. */
export const tsEngine: FragmentEngine = Object.freeze({
  path: 'ts',
  base64Path: 'ts',
  writeFragments: writeFragmentsTs,
  encodeBase64: encodeBase64Ts,
  decodeBase64: decodeBase64Ts,
  decodeBase64Into: base64IntoTs,
  encodeMessage,
  decodeMessage,
  createReassembler: (options: ReassemblerOptions) => new TsReassembler(options),
});

/** `engine` with its base64 replaced (decoding into memory too, or not at all where the codec cannot). */
export function withBase64(engine: FragmentEngine, base64Path: Base64Path, codec: Base64Codec): FragmentEngine {
  const { decodeBase64Into: _replaced, ...rest } = engine;
  const into = codec.decodeInto === undefined ? {} : { decodeBase64Into: codec.decodeInto };
  return Object.freeze({ ...rest, base64Path, encodeBase64: codec.encode, decodeBase64: codec.decode, ...into });
}

/** The TS codec, as withBase64 takes it. */
export const tsBase64Codec: Base64Codec = Object.freeze({ encode: encodeBase64Ts, decode: decodeBase64Ts, decodeInto: base64IntoTs });

function preferredNative(): { name: NativeBase64Name; codec: Base64Codec } | undefined {
  for (const name of BASE64_PATH_PREFERENCE) {
    if (name !== 'buffer' && name !== 'uint8array') continue;
    const codec = findNativeBase64(name);
    if (codec !== undefined) return { name, codec };
  }
  return undefined;
}

const native = preferredNative();

/** TS fragmenting, with the runtime's fastest own base64 where it has one. */
export const syncEngine: FragmentEngine = native === undefined ? tsEngine : withBase64(tsEngine, native.name, native.codec);
