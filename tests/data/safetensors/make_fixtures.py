#!/usr/bin/python3
"""Makes the safetensors fixtures for tests/core/tst_safetensors.cpp.

Independent of Atelier's C++: files are assembled byte by byte from the
format's specification (8-byte little-endian header length, a JSON header,
then the data area; data_offsets relative to the start of the data area),
and tensor bytes come from Debian's python3-torch / python3-numpy.

Run from anywhere: /usr/bin/python3 make_fixtures.py
Writes, next to this script:
  valid/             well-formed files and folders, plus golden.json with every
                     tensor's dtype, shape, absolute data offset, bytes (hex)
                     and values, for byte-for-byte checks
  malformed/         one broken file per failure mode
  malformed_folders/ one broken model folder per failure mode
Which error each malformed case must give is listed in the C++ test, next to
the code that checks it.
"""
import json
import os
import shutil
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
VALID = os.path.join(HERE, "valid")
MALFORMED = os.path.join(HERE, "malformed")
FOLDERS = os.path.join(HERE, "malformed_folders")

NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
         torch.int64: "I64", torch.int32: "I32", torch.uint8: "U8"}


def raw_bytes(t):
    """Little-endian bytes of a tensor (numpy has no bfloat16: view as int16)."""
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    a = t.numpy()
    return a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()


def golden_values(t):
    if t.dtype in (torch.float16, torch.bfloat16, torch.float32):
        return [float(v) for v in t.to(torch.float64).flatten().tolist()]
    return [int(v) for v in t.flatten().tolist()]


def assemble(header_obj, blobs, pad=True, header_text=None):
    """The file's bytes. header_text overrides the JSON (for hand-made headers)."""
    text = header_text if header_text is not None else json.dumps(header_obj, separators=(",", ":"))
    header = text.encode("utf-8")
    if pad:
        header += b" " * ((8 - len(header) % 8) % 8)
    return struct.pack("<Q", len(header)) + header + b"".join(blobs), len(header)


def write_file(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_tensors(path, tensors, metadata=None, golden_name=None, golden=None):
    """Writes tensors contiguously in the given order; records them in golden."""
    header, blobs, offset, placed = {}, [], 0, []
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, t in tensors:
        b = raw_bytes(t)
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        placed.append((name, t, offset, b))
        blobs.append(b)
        offset += len(b)
    data, header_len = assemble(header, blobs)
    write_file(path, data)
    if golden is not None:
        entry = golden.setdefault(golden_name, {"tensors": []})
        entry["metadata"] = metadata or {}
        for name, t, off, b in placed:
            entry["tensors"].append({
                "name": name, "file": os.path.basename(path), "dtype": NAMES[t.dtype],
                "shape": list(t.shape), "offset": 8 + header_len + off,
                "hex": b.hex(), "values": golden_values(t)})
    return header_len


def make_valid():
    golden = {}
    g = torch.Generator().manual_seed(1234)
    f32 = torch.randn(2, 3, generator=g, dtype=torch.float32)
    f32[0, 0] = -0.0
    f32[0, 1] = 1e-42  # subnormal: must survive byte for byte
    f16 = torch.tensor([1.0, -2.5, 65504.0, 6e-8, 0.333], dtype=torch.float16)
    bf16 = torch.tensor([[1.0, -3.140625], [1e30, -1e-30]], dtype=torch.bfloat16)
    i64 = torch.tensor([-(2 ** 62) + 1, 2 ** 53 + 1, 0, -1], dtype=torch.int64)
    i32 = torch.tensor([[-(2 ** 31), 2 ** 31 - 1], [7, -7]], dtype=torch.int32)
    u8 = torch.tensor([0, 1, 127, 128, 255], dtype=torch.uint8)
    scalar = torch.tensor(2.5, dtype=torch.float32)
    empty = torch.zeros(0, 3, dtype=torch.float32)
    write_tensors(os.path.join(VALID, "dtypes.safetensors"),
                  [("layer.weight", f32), ("half", f16), ("brain", bf16), ("ids", i64),
                   ("counts", i32), ("bytes", u8), ("scalar", scalar), ("empty", empty)],
                  metadata={"format": "pt", "made_by": "make_fixtures.py"},
                  golden_name="dtypes.safetensors", golden=golden)

    # Allowed but unusual: header not padded, tensors listed out of file
    # order, unused bytes between and after tensors, unknown extra fields.
    a = torch.arange(3, dtype=torch.int32)
    b = torch.tensor([0.5, -0.25], dtype=torch.float32)
    header = {"b": {"dtype": "F32", "shape": [2], "data_offsets": [16, 24], "extra": "ignored"},
              "a": {"dtype": "I32", "shape": [3], "data_offsets": [0, 12]}}
    blob = raw_bytes(a) + b"\xee" * 4 + raw_bytes(b) + b"\xee" * 5
    data, header_len = assemble(header, [blob], pad=False)
    write_file(os.path.join(VALID, "gaps.safetensors"), data)
    golden["gaps.safetensors"] = {"metadata": {}, "tensors": [
        {"name": "a", "file": "gaps.safetensors", "dtype": "I32", "shape": [3],
         "offset": 8 + header_len, "hex": raw_bytes(a).hex(), "values": golden_values(a)},
        {"name": "b", "file": "gaps.safetensors", "dtype": "F32", "shape": [2],
         "offset": 8 + header_len + 16, "hex": raw_bytes(b).hex(), "values": golden_values(b)}]}

    # A sharded folder as transformers' save_pretrained lays it out.
    sharded = os.path.join(VALID, "sharded")
    shards = [
        ("model-00001-of-00002.safetensors",
         [("model.embed_tokens.weight", torch.randn(4, 3, generator=g)),
          ("model.layers.0.weight", torch.randn(3, 3, generator=g).to(torch.bfloat16))]),
        ("model-00002-of-00002.safetensors",
         [("model.layers.1.bias", torch.randn(3, generator=g).to(torch.float16)),
          ("lm_head.weight", torch.randn(4, 3, generator=g))]),
    ]
    weight_map, total = {}, 0
    for file, tensors in shards:
        write_tensors(os.path.join(sharded, file), tensors, metadata={"format": "pt"},
                      golden_name="sharded", golden=golden)
        for name, t in tensors:
            weight_map[name] = file
            total += len(raw_bytes(t))
    write_file(os.path.join(sharded, "model.safetensors.index.json"), json.dumps(
        {"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2).encode())
    golden["sharded"]["total_bytes"] = total

    # safetensors next to a pickle: the safetensors are used, the pickle ignored.
    both = os.path.join(VALID, "pickle_and_safetensors")
    write_tensors(os.path.join(both, "model.safetensors"), [("w", torch.ones(2))])
    write_file(os.path.join(both, "pytorch_model.bin"), b"not a real pickle; never opened\n")

    write_file(os.path.join(VALID, "golden.json"),
               (json.dumps(golden, indent=1, sort_keys=True) + "\n").encode())


OK_HEADER = '{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'
DATA8 = bytes(range(8))


def bad(name, header_text, data=DATA8, claimed=None, pad=True):
    """A malformed file from a header text; claimed overrides the length field."""
    header = header_text.encode("utf-8") if isinstance(header_text, str) else header_text
    if pad:
        header += b" " * ((8 - len(header) % 8) % 8)
    length = len(header) if claimed is None else claimed
    write_file(os.path.join(MALFORMED, name + ".safetensors"), struct.pack("<Q", length) + header + data)


def entry(dtype='"F32"', shape="[2]", offsets="[0,8]", name="t"):
    return '"%s":{"dtype":%s,"shape":%s,"data_offsets":%s}' % (name, dtype, shape, offsets)


def make_malformed():
    write_file(os.path.join(MALFORMED, "empty.safetensors"), b"")
    write_file(os.path.join(MALFORMED, "short_length.safetensors"), b"\x08\x00\x00\x00\x00")
    bad("header_beyond_file", OK_HEADER, claimed=5000)
    bad("header_over_100mb", OK_HEADER, claimed=100 * 1024 * 1024 + 1)
    bad("header_length_huge", OK_HEADER, claimed=2 ** 64 - 1)
    write_file(os.path.join(MALFORMED, "header_empty.safetensors"), struct.pack("<Q", 0) + DATA8)
    bad("not_json", '{"t":{"dtype":"F32",')
    bad("trailing_garbage", OK_HEADER + "xyz", pad=False)
    bad("invalid_utf8", b'{"t\xff\xfe":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}')
    bad("not_object", "[1,2,3]")
    bad("leading_space", " " + OK_HEADER)
    bad("unknown_dtype", "{" + entry(dtype='"F8_E4M3"') + "}")
    bad("missing_dtype", '{"t":{"shape":[2],"data_offsets":[0,8]}}')
    bad("dtype_not_string", "{" + entry(dtype="4") + "}")
    bad("shape_missing", '{"t":{"dtype":"F32","data_offsets":[0,8]}}')
    bad("shape_negative", "{" + entry(shape="[-2]") + "}")
    bad("shape_fraction", "{" + entry(shape="[1.5]") + "}")
    bad("shape_string", "{" + entry(shape='["2"]') + "}")
    bad("shape_beyond_int64", "{" + entry(shape="[1e30]") + "}")
    bad("shape_size_mismatch", "{" + entry(shape="[3]") + "}")
    bad("shape_overflow", "{" + entry(shape="[4294967296,4294967296]") + "}")
    bad("bytes_overflow", "{" + entry(shape="[4611686018427387904]") + "}")
    bad("offsets_missing", '{"t":{"dtype":"F32","shape":[2]}}')
    bad("offsets_three", "{" + entry(offsets="[0,4,8]") + "}")
    bad("offsets_negative", "{" + entry(offsets="[-8,0]") + "}")
    bad("offsets_reversed", "{" + entry(shape="[0]", offsets="[8,0]") + "}")
    bad("offsets_beyond_data", "{" + entry(offsets="[4,12]") + "}")
    bad("offsets_near_int64_max", "{" + entry(shape="[2]", offsets="[9223372036854775799,9223372036854775807]") + "}")
    bad("overlap_partial", "{" + entry(name="a") + "," + entry(shape="[1]", offsets="[4,8]", name="b") + "}")
    bad("overlap_same_range", "{" + entry(name="a") + "," + entry(name="b") + "}",)
    bad("overlap_nested", "{" + entry(shape="[4]", offsets="[0,16]", name="big") + "," +
        entry(shape="[0]", offsets="[4,4]", name="empty") + "," +
        entry(shape="[1]", offsets="[8,12]", name="inner") + "}", data=bytes(16))
    bad("duplicate_names", "{" + entry(shape="[1]", offsets="[0,4]") + "," +
        entry(shape="[1]", offsets="[4,8]") + "}")
    bad("duplicate_escaped_names", "{" + entry(shape="[1]", offsets="[0,4]", name="w") + "," +
        entry(shape="[1]", offsets="[4,8]", name="\\u0077") + "}")
    bad("duplicate_field", '{"t":{"dtype":"F32","dtype":"I64","shape":[2],"data_offsets":[0,8]}}')
    bad("metadata_not_object", '{"__metadata__":"pt",' + entry() + "}")
    bad("metadata_value_number", '{"__metadata__":{"format":"pt","step":3},' + entry() + "}")
    bad("metadata_value_object", '{"__metadata__":{"nested":{"a":"b"}},' + entry() + "}")
    bad("tensor_not_object", '{"t":[0,8]}')


def folder_file(case, name, data):
    write_file(os.path.join(FOLDERS, case, name), data)


def shard(tensor_names, size=2):
    """A valid shard holding the named F32 tensors of `size` elements each."""
    header, blobs, offset = {}, [], 0
    for name in tensor_names:
        b = raw_bytes(torch.full((size,), 1.5))
        header[name] = {"dtype": "F32", "shape": [size], "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    return assemble(header, blobs)[0]


def index(weight_map):
    return json.dumps({"metadata": {"total_size": 8 * len(weight_map)}, "weight_map": weight_map}).encode()


S1, S2 = "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"


def make_folders():
    folder_file("pickle_only", "pytorch_model.bin", b"not a real pickle; never opened\n")
    for name in ("model.pt", "weights.pth", "last.ckpt"):
        folder_file("pickle_pt_pth_ckpt", name, b"not a real pickle; never opened\n")
    # A valid file outside the folders, so a loader that follows "../" would succeed.
    write_file(os.path.join(FOLDERS, "outside.safetensors"), shard(["t"]))
    folder_file("index_traversal", S1, shard(["t"]))
    folder_file("index_traversal", "model.safetensors.index.json", index({"t": "../outside.safetensors"}))
    folder_file("index_absolute", S1, shard(["t"]))
    folder_file("index_absolute", "model.safetensors.index.json",
                index({"t": "/etc/model-00001-of-00002.safetensors"}))
    folder_file("index_subfolder", os.path.join("sub", S1), shard(["t"]))
    folder_file("index_subfolder", "model.safetensors.index.json", index({"t": "sub/" + S1}))
    folder_file("index_not_safetensors", "config.json", b"{}")
    folder_file("index_not_safetensors", "model.safetensors.index.json", index({"t": "config.json"}))
    folder_file("index_missing_shard", S1, shard(["t"]))
    folder_file("index_missing_shard", "model.safetensors.index.json", index({"t": S1, "u": S2}))
    folder_file("index_tensor_not_in_shard", S1, shard(["t"]))
    folder_file("index_tensor_not_in_shard", "model.safetensors.index.json", index({"t": S1, "u": S1}))
    folder_file("index_tensor_in_other_shard", S1, shard(["t"]))
    folder_file("index_tensor_in_other_shard", S2, shard(["u", "v"]))
    folder_file("index_tensor_in_other_shard", "model.safetensors.index.json",
                index({"t": S1, "u": S1, "v": S2}))
    folder_file("tensor_in_two_shards", S1, shard(["t"]))
    folder_file("tensor_in_two_shards", S2, shard(["u", "t"]))
    folder_file("tensor_in_two_shards", "model.safetensors.index.json", index({"t": S1, "u": S2}))
    folder_file("index_not_json", S1, shard(["t"]))
    folder_file("index_not_json", "model.safetensors.index.json", b'{"weight_map": {"t": ')
    folder_file("index_not_object", S1, shard(["t"]))
    folder_file("index_not_object", "model.safetensors.index.json", b'["t"]')
    folder_file("index_no_weight_map", S1, shard(["t"]))
    folder_file("index_no_weight_map", "model.safetensors.index.json", b'{"metadata": {"total_size": 8}}')
    folder_file("index_empty_weight_map", S1, shard(["t"]))
    folder_file("index_empty_weight_map", "model.safetensors.index.json", index({}))
    folder_file("index_value_not_string", S1, shard(["t"]))
    folder_file("index_value_not_string", "model.safetensors.index.json", b'{"weight_map": {"t": 1}}')
    folder_file("index_duplicate_tensor", S1, shard(["t"]))
    folder_file("index_duplicate_tensor", S2, shard(["u"]))
    folder_file("index_duplicate_tensor", "model.safetensors.index.json",
                ('{"weight_map": {"t": "%s", "t": "%s", "u": "%s"}}' % (S1, S2, S2)).encode())
    folder_file("bad_shard", S1, shard(["t"]))
    folder_file("bad_shard", S2, shard(["u"])[:-4])  # cut short: the last tensor lies beyond the end
    folder_file("bad_shard", "model.safetensors.index.json", index({"t": S1, "u": S2}))
    folder_file("several_unindexed", "a.safetensors", shard(["t"]))
    folder_file("several_unindexed", "b.safetensors", shard(["u"]))
    folder_file("no_weights", "config.json", b"{}")


def main():
    for d in (VALID, MALFORMED, FOLDERS):
        shutil.rmtree(d, ignore_errors=True)
    make_valid()
    make_malformed()
    make_folders()


if __name__ == "__main__":
    main()
