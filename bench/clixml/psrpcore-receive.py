"""psrpcore's receive path on the same texts as receive-path.mjs, for a same-run comparison.

Run by receive-path.mjs, never alone: argv[1] is a folder holding open.txt (the pool's opening messages) and one
file per size (one base64 fragment text per line, an empty line after each message). The pool and pipeline ids are
argv[2] and argv[3], the seconds per size argv[4]. For each size file named on stdin, it prints one JSON line:
the best and median milliseconds of the runs, each run decoding every text with base64 (as pypsrp's out-of-process
transport does), handing it to psrpcore's ClientRunspacePool and taking events until each message's object is out.
psrpcore is imported from PYTHONPATH (its source, kept in ../shared, never in this repository).
"""

import base64
import json
import sys
import time
import uuid

import psrpcore


def read_messages(path):
    """The messages of one size file, each a list of base64 texts."""
    messages, current = [], []
    with open(path, "r", encoding="ascii") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line:
                current.append(line)
            elif current:
                messages.append(current)
                current = []
    if current:
        messages.append(current)
    return messages


def opened_pool(folder, rpid, pid):
    pool = psrpcore.ClientRunspacePool(runspace_pool_id=uuid.UUID(rpid))
    pool.open()
    while pool.data_to_send():
        pass
    for texts in read_messages(f"{folder}/open.txt"):
        for text in texts:
            pool.receive_data(psrpcore.PSRPPayload(base64.b64decode(text), psrpcore.StreamType.default, None))
    while pool.next_event():
        pass
    pipeline = psrpcore.ClientPowerShell(pool, pipeline_id=uuid.UUID(pid))
    pipeline.add_script("x")
    pipeline.start()
    while pool.data_to_send():
        pass
    return pool


def run_once(folder, rpid, pid, messages):
    pool = opened_pool(folder, rpid, pid)
    pipeline_id = uuid.UUID(pid)
    start = time.perf_counter()
    delivered = 0
    for texts in messages:
        for text in texts:
            pool.receive_data(psrpcore.PSRPPayload(base64.b64decode(text), psrpcore.StreamType.default, pipeline_id))
            event = pool.next_event()
            while event is not None:
                if not isinstance(event, psrpcore.PipelineOutputEvent):
                    raise RuntimeError(f"unexpected {type(event).__name__}")
                delivered += 1
                event = pool.next_event()
    elapsed = (time.perf_counter() - start) * 1000
    if delivered != len(messages):
        raise RuntimeError(f"{delivered} of {len(messages)} objects delivered")
    return elapsed


def main():
    folder, rpid, pid, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    for name in sys.stdin:
        name = name.strip()
        if not name:
            continue
        messages = read_messages(f"{folder}/{name}")
        runs = []
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline or len(runs) < 3:
            runs.append(run_once(folder, rpid, pid, messages))
        runs.sort()
        print(json.dumps({"name": name, "runs": len(runs), "best": runs[0], "median": runs[len(runs) // 2]}), flush=True)


if __name__ == "__main__":
    main()
