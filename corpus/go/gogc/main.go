// gogc: the garbage collector under allocation pressure. Allocates and drops
// about 600 MB in total (1 MiB byte slices, a ring of 16 kept alive, linked
// lists of small objects, growing slices and maps), calls runtime.GC() every
// 64 MiB and at the end, runs a finalizer, and checks that the live heap
// returned to a small size. Prints a checksum of the data written and
// runtime.NumGoroutine(); memory figures are printed only as comparisons.
// Expects: deterministic output, exits 0.
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"
)

type node struct {
	next *node
	val  uint64
	pad  [48]byte
}

func main() {
	const mib = 1 << 20
	var ring [16][]byte
	var sum uint64
	forced := uint32(0)
	for i := 0; i < 512; i++ {
		b := make([]byte, mib)
		for j := 0; j < len(b); j += 4096 {
			b[j] = byte(i + j>>12)
		}
		ring[i%len(ring)] = b
		old := ring[(i+1)%len(ring)]
		if old != nil {
			for j := 0; j < len(old); j += 4096 {
				sum = sum*31 + uint64(old[j])
			}
		}
		if i%64 == 63 {
			runtime.GC()
			forced++
		}
	}
	fmt.Printf("slices: 512 MiB allocated, checksum %016x\n", sum)

	// many small objects: linked lists built and dropped
	var lists uint64
	for round := 0; round < 20; round++ {
		var head *node
		for i := 0; i < 20000; i++ {
			head = &node{next: head, val: uint64(round*20000 + i)}
		}
		for n := head; n != nil; n = n.next {
			lists += n.val
		}
	}
	fmt.Printf("lists: 400000 nodes, sum %d\n", lists)

	// growing slices and maps
	var grow []uint64
	m := make(map[int]string)
	for i := 0; i < 200000; i++ {
		grow = append(grow, uint64(i)*uint64(i))
		if i%4 == 0 {
			m[i] = fmt.Sprint(i)
		}
	}
	fmt.Printf("grow: len %d last %d map %d entries m[400]=%q\n", len(grow), grow[len(grow)-1], len(m), m[400])
	grow, m = nil, nil

	// a finalizer runs after the object becomes unreachable
	done := make(chan string, 1)
	func() {
		obj := &node{val: 42}
		runtime.SetFinalizer(obj, func(n *node) { done <- fmt.Sprintf("finalizer ran for val %d", n.val) })
	}()
	var msg string
	for tries := 0; msg == "" && tries < 100; tries++ {
		runtime.GC()
		forced++
		select {
		case msg = <-done:
		case <-time.After(10 * time.Millisecond):
		}
	}
	fmt.Println("finalizer:", msg)

	for i := range ring {
		ring[i] = nil
	}
	runtime.GC()
	debug.FreeOSMemory()
	forced += 2
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("memstats: NumGC >= forced %v, TotalAlloc >= 512 MiB %v, HeapAlloc < 64 MiB %v\n",
		ms.NumGC >= forced, ms.TotalAlloc >= 512*mib, ms.HeapAlloc < 64*mib)
	fmt.Printf("goroutines: %d\n", runtime.NumGoroutine())
}
