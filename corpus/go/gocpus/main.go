// gocpus: runtime.NumCPU and GOMAXPROCS (sched_getaffinity), normalised so
// the output does not depend on the machine's cores: only relations are
// printed. GOMAXPROCS defaults to NumCPU; it is set to 1, 2 and 4 and read
// back, and each setting runs 16 goroutines that lock their OS threads
// (runtime.LockOSThread) and do a fixed amount of work. Also GOOS/GOARCH,
// the compiler and a Go version prefix. Expects: deterministic output, exits 0.
package main

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
)

func work(procs int) uint64 {
	var wg sync.WaitGroup
	results := make([]uint64, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			x := uint64(g + procs)
			for i := 0; i < 200000; i++ {
				x = x*6364136223846793005 + 1442695040888963407
			}
			results[g] = x
		}(g)
	}
	wg.Wait()
	var sum uint64
	for _, r := range results {
		sum ^= r
	}
	return sum
}

func main() {
	n := runtime.NumCPU()
	fmt.Println("NumCPU >= 1:", n >= 1)
	fmt.Println("GOMAXPROCS(0) == NumCPU:", runtime.GOMAXPROCS(0) == n)
	fmt.Println("GOOS/GOARCH:", runtime.GOOS+"/"+runtime.GOARCH, "compiler:", runtime.Compiler,
		"version go1.x:", strings.HasPrefix(runtime.Version(), "go1."))
	for _, p := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(p)
		got := runtime.GOMAXPROCS(0)
		fmt.Printf("GOMAXPROCS %d: read back %d, work %016x\n", p, got, work(p))
	}
	prev := runtime.GOMAXPROCS(n)
	fmt.Println("restored; previous was 4:", prev == 4, "now == NumCPU:", runtime.GOMAXPROCS(0) == n)
	fmt.Println("goroutines:", settledGoroutines())
}

// settledGoroutines waits (up to 2 s) for goroutines that have called Done to
// finish exiting: wg.Wait returns before they are gone, so NumGoroutine read
// at once depends on timing.
func settledGoroutines() int {
	for i := 0; i < 2000 && runtime.NumGoroutine() > 1; i++ {
		time.Sleep(time.Millisecond)
	}
	return runtime.NumGoroutine()
}
