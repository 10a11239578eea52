#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Throwaway certificates for the https:// tests (unit and QEMU), made fresh
# in DIR with openssl (EC P-256: quick to make, quick to check under TCG):
#   ca.pem                  the test CA (what the tests give kexboot as its bundle)
#   good.pem good.key       from the CA; SAN IP:127.0.0.1, IP:10.0.2.100, DNS:boot.test
#   wronghost.pem .key      from the CA; SAN DNS:other.test, IP:10.9.9.9 only
#   rogue-ca.pem            another CA, in no bundle
#   rogue.pem rogue.key     from rogue-ca; SAN IP:127.0.0.1, IP:10.0.2.100
#   expired.pem .key        from the CA, valid in January 2020 only
#
#   tests/tls-certs.sh DIR
set -eu
d=$1
mkdir -p "$d"
cd "$d"
q() { "$@" >/dev/null 2>&1 || { echo "tls-certs.sh: failed: $*" >&2; "$@"; exit 1; }; }
key() { q openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# ca NAME SUBJECT
ca() {
	key "$1.key"
	q openssl req -new -x509 -key "$1.key" -out "$1.pem" -days 3650 -subj "/CN=$2" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
}

# leaf NAME CA SAN
leaf() {
	key "$1.key"
	q openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$1"
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$3" >"$1.ext"
	q openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 30 \
		-extfile "$1.ext" -out "$1.pem"
}

ca ca "kexboot test CA"
ca rogue-ca "kexboot rogue CA"
leaf good ca "IP:127.0.0.1,IP:10.0.2.100,DNS:boot.test"
leaf wronghost ca "DNS:other.test,IP:10.9.9.9"
leaf rogue rogue-ca "IP:127.0.0.1,IP:10.0.2.100"

# expired: `openssl ca` is the tool that takes explicit dates
key expired.key
q openssl req -new -key expired.key -out expired.csr -subj "/CN=expired"
mkdir -p ca-db
: >ca-db/index.txt
echo 01 >ca-db/serial
cat >ca-db/ca.cnf <<CNF
[ca]
default_ca = test
[test]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = leaf
[any]
commonName = supplied
[leaf]
subjectAltName = IP:127.0.0.1,IP:10.0.2.100,DNS:boot.test
basicConstraints = CA:FALSE
CNF
q openssl ca -batch -config ca-db/ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.pem \
	-startdate 20200101000000Z -enddate 20200131000000Z -notext
chmod a+r ./*.pem ./*.key
