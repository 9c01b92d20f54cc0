/**
 * VERIFY.md, shipped in every bundle: how to check the bundle by hand,
 * without vigil. The script needs Python 3 and the `cryptography` package.
 */
export const VERIFY_MD = `# Verifying this evidence bundle

This ZIP was exported by vigil. Everything in it can be checked without
vigil and without access to the system that produced it. You need the
public key of the deployment, obtained out of band (from the engagement
letter, or from the anchor directory the operator copies checkpoints to).
The \`keys.json\` inside the bundle is a convenience: a forger could replace
it together with everything else, so compare it with your own copy.

With vigil installed: \`vigil verify bundle this.zip --keys your-keys.json\`
(exit 0 verified, 1 tampered, 2 could not verify).

## What to check

1. **Signature.** \`manifest.sig\` is the base64 Ed25519 signature of the
   exact bytes of \`manifest.json\`. \`manifest.json\` names the key in
   \`signature.key_id\`, which is \`ed25519:\` followed by the first 16 hex
   digits of SHA-256 of the raw 32-byte public key.
2. **Files.** Every file other than \`manifest.json\` and \`manifest.sig\` is
   listed in \`manifest.json\` \`files\` with its SHA-256 and size, and
   nothing else is in the archive.
3. **PDF footer.** Each page of \`report.pdf\` prints a "bundle contents"
   hash. It is \`contents_sha256\` in the manifest: SHA-256 of the RFC 8785
   canonical JSON of the \`files\` array with the \`report.pdf\` entry left
   out (the PDF cannot contain its own hash). A printed copy of the PDF can
   thus be tied to this bundle's other files.
4. **Checkpoints.** \`ledger/checkpoints.ndjson\` holds signed checkpoints
   \`{body, checkpoint_hash, signatures}\`, one per line, in sequence order.
   For each: \`checkpoint_hash\` is SHA-256 of the canonical JSON of
   \`body\`; one signature (base64 Ed25519 over the same canonical bytes)
   verifies under a key of \`keys.json\` whose \`valid_from_seq\` and
   \`valid_until_seq\` include \`body.seq\`; and \`body.prev_checkpoint_hash\`
   equals the previous line's \`checkpoint_hash\`. The checkpoint named in
   \`manifest.json\` \`checkpoint\` is among them. Compare the last one with
   the copy in the operator's anchor (\`ledger/anchors.json\` says where).
5. **Sampled items.** \`samples/<id>.json\` is a sample draw;
   \`samples/<id>/<n>.json\` holds each drawn item's \`proof\`: the sealed
   record's exact bytes (\`record_jcs\`), its place in a batch, and the
   batch's place in a checkpoint. Hash the record as an RFC 6962 leaf
   (SHA-256 of a 0x00 byte followed by the bytes), walk \`batch_proof\` up to
   \`batch.merkle_root\`, hash the batch header as a leaf (canonical JSON),
   walk \`checkpoint_proof\` up to the checkpoint's \`batches_root\`, and check
   that checkpoint as in step 4. Interior nodes are SHA-256 of 0x01, left,
   right. The record names the event (\`cluster\`, \`event.auditID\`,
   \`event.stage\`) the item's \`row_key\` points at.
6. **Populations.** \`populations/<name>.ndjson\` hashes to the
   \`result_sha256\` that \`report.json\` gives for that population; the CSV
   next to it has the same rows, in the same order, for spreadsheets.
7. **Seeded samples.** A sample with \`method\` \`seeded_random\` drawn from
   this population run (its \`population_sha256\` is the NDJSON's hash) can
   be drawn again: for each NDJSON row, \`row_key\` is
   \`cluster/audit_id/stage\` and its rank is the hex SHA-256 of the UTF-8
   text seed, a newline, row_key; sort by (rank, row_key) and take the first
   \`size\`. The result must be the sample's \`selected\` list.

Python's \`json.dumps(o, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)\` produces RFC 8785 bytes for the manifest, batch
headers and checkpoint bodies (ASCII keys, integer numbers). Record bytes
are never re-serialized: they are hashed as given in \`record_jcs\`.

## A script for steps 1, 2, 4 and 5

\`\`\`python
import base64, glob, hashlib, json, sys, zipfile
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

H = lambda *parts: hashlib.sha256(b"".join(parts)).digest()
jcs = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

def included(index, size, leaf, path, root):
    # RFC 9162 section 2.1.3.2
    if index >= size: return False
    fn, sn, r = index, size - 1, leaf
    for p in (bytes.fromhex(x) for x in path):
        if sn == 0: return False
        if fn & 1 or fn == sn:
            r = H(b"\\x01", p, r)
            while not fn & 1 and fn != 0: fn >>= 1; sn >>= 1
        else:
            r = H(b"\\x01", r, p)
        fn >>= 1; sn >>= 1
    return sn == 0 and r == bytes.fromhex(root)

bundle, keys_file = zipfile.ZipFile(sys.argv[1]), sys.argv[2]
keys = {k["key_id"]: k for k in json.load(open(keys_file))["keys"]}
pub = lambda k: Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(k["public_key"] + "=="))
manifest_bytes = bundle.read("manifest.json")
manifest = json.loads(manifest_bytes)
pub(keys[manifest["signature"]["key_id"]]).verify(base64.b64decode(bundle.read("manifest.sig")), manifest_bytes)
listed = {f["path"]: f for f in manifest["files"]}
assert set(listed) | {"manifest.json", "manifest.sig"} == set(bundle.namelist()), "files added or missing"
for path, f in listed.items():
    data = bundle.read(path)
    assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["size"], path
checkpoints, prev = {}, None
for line in bundle.read("ledger/checkpoints.ndjson").decode().splitlines():
    cp = json.loads(line); body = cp["body"]
    assert hashlib.sha256(jcs(body)).hexdigest() == cp["checkpoint_hash"], body["seq"]
    assert prev is None or body["prev_checkpoint_hash"] == prev, body["seq"]
    def valid(s):
        k = keys.get(s["key_id"])
        if k is None or body["seq"] < k["valid_from_seq"]: return False
        if k["valid_until_seq"] is not None and body["seq"] > k["valid_until_seq"]: return False
        try: pub(k).verify(base64.b64decode(s["sig"]), jcs(body)); return True
        except Exception: return False
    assert any(valid(s) for s in cp["signatures"]), body["seq"]
    checkpoints[cp["checkpoint_hash"]], prev = body, cp["checkpoint_hash"]
assert manifest["checkpoint"]["checkpoint_hash"] in checkpoints
for path in (p for p in listed if p.startswith("samples/") and p.count("/") == 2):
    p = json.loads(bundle.read(path))["proof"]
    body = checkpoints[p["checkpoint"]["checkpoint_hash"]]
    assert included(p["leaf_index"], p["batch"]["leaf_count"], H(b"\\x00", p["record_jcs"].encode()), p["batch_proof"], p["batch"]["merkle_root"]), path
    assert included(p["batch_index"], body["batch_count"], H(b"\\x00", jcs(p["batch"])), p["checkpoint_proof"], body["batches_root"]), path
print("verified:", len(listed), "files,", len(checkpoints), "checkpoints")
\`\`\`

Run it as \`python3 verify.py bundle.zip keys.json\`. An assertion error or
an \`InvalidSignature\` exception means the bundle does not verify; the
message names the file or checkpoint.
`
