import { readFileSync } from 'node:fs';
import { deserializeDocument, serializeDocumentToUtf8 } from '@psrp/clixml';
const values = deserializeDocument(readFileSync('/work/main/bench/clixml/.captured/pscustomobject-10000.xml', 'utf8'));
const s = performance.now(); let n = 0, bytes = 0;
while (performance.now() - s < 8000) { bytes += serializeDocumentToUtf8(values).length; n++; }
console.log((bytes / 1e6 / ((performance.now() - s) / 1000)).toFixed(1), 'MB/s', bytes/n);
