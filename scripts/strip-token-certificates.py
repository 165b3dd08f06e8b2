"""Writes a time-stamp token without the certificates it carries: python3
strip-token-certificates.py IN.tst OUT.tst. The signed TSTInfo and the signature stay as they
are — still a valid token (certificates are an unsigned field of CMS SignedData) — so it is the
same stamp as the token it came from. The tests use it to check that tsa-report counts both as
one. A .tsr reply works too (its token is stripped in place)."""
import sys


def read(data, at):
    """The TLV at `at`: (tag, header length, content length)."""
    tag = data[at]
    length = data[at + 1]
    if length < 0x80:
        return tag, 2, length
    count = length & 0x7F
    return tag, 2 + count, int.from_bytes(data[at + 2 : at + 2 + count], "big")


def encode(tag, content):
    n = len(content)
    if n < 0x80:
        header = bytes([tag, n])
    else:
        size = n.to_bytes((n.bit_length() + 7) // 8, "big")
        header = bytes([tag, 0x80 | len(size)]) + size
    return header + content


def children(data):
    out, at = [], 0
    while at < len(data):
        tag, head, length = read(data, at)
        out.append((tag, data[at + head : at + head + length]))
        at += head + length
    return out


def strip_token(token):
    # ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT SignedData }
    (oid_tag, oid), (wrap_tag, wrapped) = children(read_content(token))
    (sd_tag, signed_data), = children(wrapped)
    kept = [encode(t, c) for t, c in children(signed_data) if t != 0xA0]  # certificates [0]
    return encode(0x30, encode(oid_tag, oid) + encode(wrap_tag, encode(sd_tag, b"".join(kept))))


def read_content(data):
    tag, head, length = read(data, 0)
    return data[head : head + length]


data = open(sys.argv[1], "rb").read()
parts = children(read_content(data))
if parts[0][0] == 0x06:  # a bare token
    out = strip_token(data)
else:  # TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo }
    status, (token_tag, token) = parts
    out = encode(0x30, encode(*status) + strip_token(encode(token_tag, token)))
open(sys.argv[2], "wb").write(out)
