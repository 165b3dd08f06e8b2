#!/bin/sh
# Makes time-stamp fixtures with a real `openssl ts` TSA: a test CA and TSU certificate, then
# replies and tokens — granted with and without certificates, sha256 and sha512 imprints, a bare
# .tst token, the same token with its certificates stripped, two different tokens given one serial
# (as a faulty TSA has done), and rejections (badAlg for a SHA-1 request the TSA does not accept,
# and unacceptedPolicy). Usage: scripts/make-token-fixtures.sh OUTDIR [COUNT]
# COUNT extra granted replies (default 3) are made too, for bulk tests.
set -eu
out=${1:?usage: make-token-fixtures.sh OUTDIR [COUNT]}
count=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out" && cd "$out"
work=.tsa && rm -rf "$work" && mkdir -p "$work"
echo 01 > "$work/serial"
: > "$work/index"

cat > "$work/tsa.cnf" <<'CNF'
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = .tsa
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsu.pem
certs = $dir/ca.pem
signer_key = $dir/tsu.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5.6
digests = sha256, sha384, sha512
accuracy = secs:1, millisecs:500, microsecs:100
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ tsu_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
CNF

openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/C=CZ/O=Test TSA/CN=Test Root CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/C=CZ/O=Test TSA/CN=Test TSU 1" \
  -keyout "$work/tsu.key" -out "$work/tsu.csr" 2>/dev/null
openssl x509 -req -in "$work/tsu.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 3650 -extfile "$work/tsa.cnf" -extensions tsu_ext -out "$work/tsu.pem" 2>/dev/null
cp "$work/ca.pem" test-root-ca.pem
cp "$work/tsu.pem" test-tsu-cert.pem

reply() { # reply NAME QUERY-OPTIONS...
  name=$1; shift
  printf 'document %s\n' "$name" > "$work/$name.txt"
  openssl ts -query -data "$work/$name.txt" "$@" -out "$work/$name.tsq" 2>/dev/null
  openssl ts -reply -config "$work/tsa.cnf" -queryfile "$work/$name.tsq" -out "$name.tsr" 2>/dev/null
}

reply granted-sha256-certs -sha256 -cert
reply granted-sha512 -sha512 -tspolicy 1.2.3.4.5.6
openssl ts -reply -in granted-sha512.tsr -token_out -out granted-sha512-bare.tst 2>/dev/null
openssl ts -reply -in granted-sha256-certs.tsr -token_out -out granted-sha256-certs-bare.tst \
  2>/dev/null
python3 "$here/strip-token-certificates.py" granted-sha256-certs-bare.tst \
  granted-sha256-certs-stripped.tst
echo 7f > "$work/serial"
reply reused-serial-1 -sha256 -cert
echo 7f > "$work/serial"
reply reused-serial-2 -sha256 -cert
reply rejected-badalg -sha1 -cert
reply rejected-badpolicy -sha256 -tspolicy 1.2.3.4.99
i=1
while [ "$i" -le "$count" ]; do
  reply "bulk-$i" -sha256 -cert
  i=$((i + 1))
done
rm -rf "$work"
