"""psrpcore's CLIXML deserializer and serializer on the corpora of run.mjs, for a same-run comparison.

Run by run.mjs, never alone: argv[1] is a folder of corpus files (JSON: {"kind": "body" | "document", "inputs":
[text, ...]}), argv[2] the seconds per case, argv[3] the rounds. For each file name read on stdin it prints one JSON
line with the best and median MB/s of the rounds:
- deserialize: from the UTF-8 bytes (ElementTree parses bytes) to psrpcore's objects; a document through
  deserialize_clixml, as psrpcore reads Export-Clixml text;
- serialize: psrpcore's objects back to UTF-8 bytes (MB/s of the bytes it writes), or the error that stopped it.
psrpcore is imported from PYTHONPATH (its source, kept in ../shared, never in this repository).
"""

import json
import sys
import time
from xml.etree import ElementTree

from psrpcore.types import PSCryptoProvider, deserialize, deserialize_clixml, serialize, serialize_clixml

CIPHER = PSCryptoProvider()


def reader(kind):
    if kind == "document":
        return lambda data: deserialize_clixml(data.decode("utf-8"), CIPHER)
    return lambda data: deserialize(ElementTree.fromstring(data), CIPHER)


def writer(kind):
    if kind == "document":
        return lambda value: serialize_clixml(value, CIPHER).encode("utf-8")
    return lambda value: ElementTree.tostring(serialize(value, CIPHER), encoding="unicode").encode("utf-8")


def rates(run, inputs, byte_count, seconds, rounds):
    samples = []
    for _ in range(rounds):
        passes = 0
        start = time.perf_counter()
        while True:
            for each in inputs:
                run(each)
            passes += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / rounds:
                break
        samples.append(byte_count * passes / 1e6 / elapsed)
    samples.sort()
    return {"best": round(samples[-1], 1), "median": round(samples[len(samples) // 2], 1)}


def measure(path, seconds, rounds):
    with open(path, "r", encoding="utf-8") as handle:
        corpus = json.load(handle)
    inputs = [text.encode("utf-8") for text in corpus["inputs"]]
    read, write = reader(corpus["kind"]), writer(corpus["kind"])
    result = {"deserialize": rates(read, inputs, sum(len(each) for each in inputs), seconds, rounds)}
    values = [read(each) for each in inputs]
    try:
        written = sum(len(write(value)) for value in values)
        result["serialize"] = rates(write, values, written, seconds, rounds)
    except Exception as error:  # psrpcore cannot write back some of what it reads: say which and why
        result["serializeError"] = f"{type(error).__name__}: {error}"[:300]
    return result


def main():
    folder, seconds, rounds = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    for name in sys.stdin:
        name = name.strip()
        if name:
            print(json.dumps({"name": name, **measure(f"{folder}/{name}", seconds, rounds)}), flush=True)


if __name__ == "__main__":
    main()
