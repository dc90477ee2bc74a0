// gofiles: file I/O through package os in a scratch directory under the
// current directory: MkdirAll, WriteFile/ReadFile, Create/Write/Seek/Read on
// an *os.File, Stat (size, mode), Chmod, Rename, Truncate, Symlink/Readlink,
// ReadDir (sorted by name) and errors for missing files (errors.Is
// fs.ErrNotExist), then RemoveAll. Expects: a writable cwd, nothing left
// behind, deterministic output, exits 0.
package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

const dir = "gofiles.tmp"

func check(what string, err error) {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", what, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
}

func listing(d string) {
	entries, err := os.ReadDir(d) // sorted by file name
	check("readdir", err)
	for _, e := range entries {
		info, err := e.Info()
		check("info", err)
		size := info.Size()
		if e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
			size = 0 // directory and symlink sizes depend on the file system
		}
		fmt.Printf("  %-12s %v %d\n", e.Name(), info.Mode(), size)
	}
}

func main() {
	check("mkdir", os.MkdirAll(filepath.Join(dir, "sub", "deeper"), 0o755))
	p := filepath.Join(dir, "data.txt")
	content := []byte(strings.Repeat("azalea go file i/o\n", 1000))
	check("writefile", os.WriteFile(p, content, 0o644))
	back, err := os.ReadFile(p)
	check("readfile", err)
	fmt.Printf("writefile/readfile: %d bytes, equal %v, sha256 %x\n", len(back), bytes.Equal(back, content), sha256.Sum256(back))

	f, err := os.Create(filepath.Join(dir, "seek.bin"))
	check("create", err)
	for i := 0; i < 256; i++ {
		_, err = f.Write([]byte{byte(i)})
		check("write", err)
	}
	off, err := f.Seek(100, io.SeekStart)
	check("seek", err)
	buf := make([]byte, 4)
	_, err = io.ReadFull(f, buf)
	check("read", err)
	end, err := f.Seek(0, io.SeekEnd)
	check("seek end", err)
	n, err := f.WriteAt([]byte("XY"), 10)
	check("writeat", err)
	check("close", f.Close())
	fmt.Printf("seek: offset %d read %v, end %d, writeat %d\n", off, buf, end, n)

	check("chmod", os.Chmod(p, 0o600))
	st, err := os.Stat(p)
	check("stat", err)
	fmt.Printf("chmod: mode %v size %d regular %v\n", st.Mode(), st.Size(), st.Mode().IsRegular())

	q := filepath.Join(dir, "sub", "renamed.txt")
	check("rename", os.Rename(p, q))
	_, err = os.Stat(p)
	fmt.Println("rename: old name gone:", errors.Is(err, fs.ErrNotExist))
	check("truncate", os.Truncate(q, 19))
	small, err := os.ReadFile(q)
	check("readfile", err)
	fmt.Printf("truncate: %q\n", small)

	check("symlink", os.Symlink("sub/renamed.txt", filepath.Join(dir, "link")))
	target, err := os.Readlink(filepath.Join(dir, "link"))
	check("readlink", err)
	via, err := os.ReadFile(filepath.Join(dir, "link"))
	check("read via link", err)
	fmt.Printf("symlink: -> %s, reads %d bytes\n", target, len(via))

	for _, name := range []string{"zeta", "alpha", "mid", "Beta"} {
		check("write", os.WriteFile(filepath.Join(dir, name), []byte(name), 0o640))
	}
	fmt.Println("readdir", dir+":")
	listing(dir)
	fmt.Println("readdir", dir+"/sub:")
	listing(filepath.Join(dir, "sub"))

	_, err = os.ReadFile(filepath.Join(dir, "missing"))
	fmt.Println("missing file: not-exist", errors.Is(err, fs.ErrNotExist))
	err = os.Mkdir(dir, 0o755)
	fmt.Println("mkdir existing: exist", errors.Is(err, fs.ErrExist))
	err = os.Remove(dir)
	fmt.Println("remove non-empty dir fails:", err != nil)

	check("removeall", os.RemoveAll(dir))
	_, err = os.Stat(dir)
	fmt.Println("removeall: gone", errors.Is(err, fs.ErrNotExist))
}
