#!/bin/bash
# debian-source.sh PACKAGE DEST: fetches Debian's source package PACKAGE with
# `apt-get source` and unpacks it into DEST (DEST/PACKAGE-VERSION/...), for the
# third-party test suites. The deb-src list is derived from this machine's own
# apt configuration (each enabled `deb` source becomes `deb-src`), so no
# mirror is named anywhere in the project, and it lives in a private apt
# state directory so the machine's configuration is never modified.
# Idempotent: a DEST that already holds the unpacked package is left alone.
# Exit status: 0 done, 2 usage, 69 the source cannot be fetched here.
set -euo pipefail

say() { printf 'debian-source: %s\n' "$*" >&2; }
[[ $# -eq 2 ]] || { say "usage: debian-source.sh PACKAGE DEST"; exit 2; }
pkg=$1 dest=$2
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
if compgen -G "$dest/$pkg-*/debian/control" >/dev/null; then
    exit 0
fi
command -v dpkg-source >/dev/null || { say "dpkg-source not found: apt-get install dpkg-dev"; exit 69; }

state=$dest/.apt
mkdir -p "$state/sources.list.d" "$state/lists/partial" "$state/cache/archives/partial"
rm -f "$state/sources.list.d/"*

# deb822 files: every stanza whose Types include deb also gets deb-src.
for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    sed -E 's/^Types:(.*\<)deb(\>.*)$/Types:\1deb-src\2/' "$f" >"$state/sources.list.d/$(basename "$f")"
done
# One-line files: each `deb ...` line becomes `deb-src ...`.
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    sed -nE 's/^[[:space:]]*deb[[:space:]]+/deb-src /p' "$f" >"$state/sources.list.d/$(basename "$f").list"
done
if ! grep -rqs 'deb-src' "$state/sources.list.d"; then
    say "no deb sources in /etc/apt to derive a deb-src list from"
    exit 69
fi

apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$state/sources.list.d"
    -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
if ! apt-get "${apt_opts[@]}" -qq update >&2; then
    say "apt-get update of the derived deb-src list failed"
    exit 69
fi
work=$(mktemp -d "$dest/.fetch-XXXXXX")
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && apt-get "${apt_opts[@]}" -qq source "$pkg" >&2); then
    say "apt-get source $pkg failed"
    exit 69
fi
# Move only the unpacked tree into place, in one rename, so a half-fetched
# source is never taken for a complete one.
tree=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | head -n 1)
[[ -n $tree ]] || { say "apt-get source $pkg unpacked nothing"; exit 69; }
mv "$tree" "$dest/"
