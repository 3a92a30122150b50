/**
 * @module @psrp/fragment: PSRP fragments, message headers and base64 (MS-PSRP 2.2.1, 2.2.4).
 */
export {
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_MAX_OBJECTS_IN_FLIGHT,
  FRAGMENT_HEADER_BYTES,
  FragmentFlags,
  GUID_BYTES,
  MESSAGE_HEADER_BYTES,
  OUT_OF_PROC_FRAGMENT_BYTES,
} from './constants.js';
export {
  FragmentError,
  FragmentHeaderError,
  FragmentSequenceError,
  FragmentTruncatedError,
  IncompleteObjectError,
  InvalidArgumentError,
  InvalidBase64Error,
  InvalidGuidError,
  MessageTooShortError,
  ObjectTooLargeError,
  ReentrantCallError,
  TooManyObjectsError,
  WasmUnavailableError,
} from './errors.js';
export type { FragmentErrorOptions, FragmentHeaderField, FragmentSequenceReason } from './errors.js';
export { EMPTY_GUID, bytesToGuid, guidToBytes } from './guid.js';
export { Destination, decodeMessage, encodeMessage, writeMessageHeader } from './message.js';
export type { PsrpMessage } from './message.js';
export { decodeFragments, encodeFragment, readFragmentHeader } from './fragment-header.js';
export type { Fragment, FragmentHeader } from './fragment-header.js';
export { Fragmenter } from './fragmenter.js';
export type { FragmenterOptions } from './fragmenter.js';
export { Defragmenter, joinChunks } from './defragmenter.js';
export type { DefragmenterOptions, MessageChunks } from './defragmenter.js';
export { Base64Defragmenter } from './base64-defragmenter.js';
export type { Base64DefragmenterOptions } from './base64-defragmenter.js';
export { decodeBase64, encodeBase64 } from './base64.js';
export { allocateForOverwrite, decodeAsciiNatively, includesAsciiNatively, isAsciiNatively } from './runtime-native.js';
export { findForbiddenXmlByte } from './wasm/forbidden-xml-bytes.js';
export { unescapePsAsciiInPlace, type PsUnescaped } from './wasm/ps-unescape.js';
export type { Base64IntoDecoder, Base64Path, FragmentEngine, FragmentPath } from './engine.js';
export type { CompleteMessage, Reassembler, ReassemblerOptions } from './reassembler.js';
export { syncEngine, tsEngine } from './ts-engine.js';
export { loadFragmentEngine, loadWasmEngine } from './load-engine.js';
export type { LoadFragmentEngineOptions } from './load-engine.js';
export { BASE64_PATH_PREFERENCE, FRAGMENT_PATH_PREFERENCE } from './engine-defaults.js';
export { compileFragmentWasm, fragmentWasmBytes } from './wasm/fragment-wasm-module.js';
export type { WasmModule } from './wasm/web-assembly.js';
