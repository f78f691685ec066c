#!/usr/bin/env python3
"""Read daqhub frames from a daqhub node's TCP endpoint with plain pyzmq (no daqhub code).

    python3 examples/read_frames.py --endpoint tcp://127.0.0.1:5560 --prefix data.demo. --count 10

Prints one JSON object per frame. The format is docs/wire-format.md; Debian: apt-get install python3-zmq.
"""
import argparse
import json
import struct
import sys

import zmq

TABLE = "application/vnd.daqhub.table"
FIXED = {1: ("i", 4), 2: ("q", 8), 3: ("f", 4), 4: ("d", 8)}


def read_str(buf, pos, field):
    if pos + 2 > len(buf):
        raise ValueError(field + ": truncated")
    (n,) = struct.unpack_from("<H", buf, pos)
    if pos + 2 + n > len(buf):
        raise ValueError(field + ": length %d runs past the end" % n)
    return buf[pos + 2:pos + 2 + n].decode("utf-8"), pos + 2 + n


def decode_header(buf):
    if buf[:4] != b"DQH1":
        raise ValueError("header.magic: expected DQH1")
    seq, ts_ns, run = struct.unpack_from("<qqq", buf, 4)
    source, pos = read_str(buf, 28, "header.source")
    content_type, pos = read_str(buf, pos, "header.content_type")
    origin, pos = read_str(buf, pos, "header.origin")
    return {"seq": seq, "timestamp_ns": ts_ns, "run": run, "source": source,
            "content_type": content_type, "origin": origin}


def decode_table(buf):
    if buf[:4] != b"DQT1":
        raise ValueError("table.magic: expected DQT1")
    ncols, nrows = struct.unpack_from("<II", buf, 4)
    pos, cols = 12, []
    for i in range(ncols):
        name, pos = read_str(buf, pos, "table.column[%d].name" % i)
        cols.append((name, buf[pos]))
        pos += 1
    table = {}
    for name, code in cols:
        if code == 5:
            offsets = struct.unpack_from("<%dI" % (nrows + 1), buf, pos)
            pos += 4 * (nrows + 1)
            table[name] = [buf[pos + offsets[r]:pos + offsets[r + 1]].decode("utf-8") for r in range(nrows)]
            pos += offsets[-1]
        elif code in FIXED:
            fmt, width = FIXED[code]
            if pos + width * nrows > len(buf):
                raise ValueError("table.column[%s]: truncated" % name)
            table[name] = list(struct.unpack_from("<%d%s" % (nrows, fmt), buf, pos))
            pos += width * nrows
        else:
            raise ValueError("table.column[%s]: unknown type code %d" % (name, code))
    return table


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--endpoint", default="tcp://127.0.0.1:5560", help="a daqhub node's tcp.pub.port endpoint")
    p.add_argument("--prefix", default="data.", help="topic prefix to subscribe to")
    p.add_argument("--count", type=int, default=0, help="stop after this many frames (0 = never)")
    p.add_argument("--timeout", type=float, default=30, help="give up after this many seconds without a frame")
    a = p.parse_args()

    ctx = zmq.Context()
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.RCVTIMEO, int(a.timeout * 1000))
    sub.connect(a.endpoint)
    sub.setsockopt(zmq.SUBSCRIBE, a.prefix.encode())
    seen = 0
    while a.count == 0 or seen < a.count:
        try:
            parts = sub.recv_multipart()
        except zmq.Again:
            print("no frame within %s s" % a.timeout, file=sys.stderr)
            return 2
        if len(parts) != 3:
            print("skipping a message of %d parts" % len(parts), file=sys.stderr)
            continue
        topic, header, payload = parts
        out = {"topic": topic.decode("utf-8")}
        out.update(decode_header(header))
        if out["content_type"] == TABLE:
            out["table"] = decode_table(payload)
        else:
            out["bytes"] = len(payload)
        print(json.dumps(out), flush=True)
        seen += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
