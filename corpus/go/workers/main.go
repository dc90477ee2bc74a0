// workers: goroutines, channels and file I/O. Eight goroutines each write a
// file in the current directory, read it back and send a checksum over a
// channel; main collects the results in order, removes the files and the
// directory. Expects: a writable cwd; deterministic output, exits 0.
package main

import (
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sync"
)

const dir = "workers.tmp"

type result struct {
	id   int
	size int
	crc  uint32
	err  error
}

func work(id int) result {
	path := filepath.Join(dir, fmt.Sprintf("w%d.dat", id))
	data := make([]byte, 4096*(id+1))
	for i := range data {
		data[i] = byte(i*(id+3) + id)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return result{id: id, err: err}
	}
	back, err := os.ReadFile(path)
	if err != nil {
		return result{id: id, err: err}
	}
	return result{id: id, size: len(back), crc: crc32.ChecksumIEEE(back)}
}

func main() {
	const n = 8
	if err := os.Mkdir(dir, 0o755); err != nil {
		fmt.Println("FAIL mkdir:", err)
		os.Exit(1)
	}
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				results <- work(id)
			}
		}()
	}
	go func() {
		for id := 0; id < n; id++ {
			jobs <- id
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()

	var all [n]result
	for r := range results {
		all[r.id] = r
	}
	status := 0
	for _, r := range all {
		if r.err != nil {
			fmt.Printf("worker %d: FAIL %v\n", r.id, r.err)
			status = 1
			continue
		}
		fmt.Printf("worker %d: %d bytes crc32=%08x\n", r.id, r.size, r.crc)
	}
	if err := os.RemoveAll(dir); err != nil {
		fmt.Println("FAIL cleanup:", err)
		status = 1
	}
	os.Exit(status)
}
