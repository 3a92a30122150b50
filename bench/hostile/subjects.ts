/**
 * What bench/hostile/run.mjs measures, taken from the packages' sources (bundled by esbuild at run time, as the fuzz
 * script does): the decoders that read a peer's bytes, some of them internal to their package.
 */
export { Base64Defragmenter, Destination, EMPTY_GUID, Fragmenter, encodeBase64, encodeMessage } from '../../packages/fragment/src/index.js';
export { readXml, WSManClient, RESOURCE_URI_CONFIG } from '../../packages/wsman/src/index.js';
export { LineSplitter } from '../../packages/client/src/transport/out-of-proc/line-splitter.js';
export { RunspacePoolMachine, MessageType, buildNullHostInfo, parsePacket } from '../../packages/client/src/protocol.js';
export { deserialize, DEFAULT_MAX_DEPTH } from '../../packages/clixml/src/index.js';
