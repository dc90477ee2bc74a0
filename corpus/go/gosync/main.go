// gosync: the sync primitives under contention. Mutex-protected counter
// incremented by 8 goroutines, RWMutex with concurrent readers and a writer
// (readers check an invariant), Cond broadcast releasing waiters and a
// Cond-signalled bounded queue, Once run from many goroutines, WaitGroup,
// and sync/atomic (Add, CompareAndSwap spin lock, atomic.Value, Int64).
// Expects: deterministic output, exits 0.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

const workers = 8

func mutex() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	counter := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20000; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Printf("mutex: counter %d\n", counter)
}

func rwmutex() {
	var mu sync.RWMutex
	a, b := 0, 0 // invariant: a == b whenever the lock is not held for writing
	var bad int64
	var wg sync.WaitGroup
	for r := 0; r < workers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5000; i++ {
				mu.RLock()
				if a != b {
					atomic.AddInt64(&bad, 1)
				}
				mu.RUnlock()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 5000; i++ {
			mu.Lock()
			a++
			b++
			mu.Unlock()
		}
	}()
	wg.Wait()
	fmt.Printf("rwmutex: a=%d b=%d invariant violations %d\n", a, b, bad)
}

func cond() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	waiting := 0
	var released int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			waiting++
			c.Broadcast() // wake main when the last waiter arrives
			for !ready {
				c.Wait()
			}
			mu.Unlock()
			atomic.AddInt64(&released, 1)
		}()
	}
	mu.Lock()
	for waiting < workers {
		c.Wait()
	}
	ready = true
	c.Broadcast()
	mu.Unlock()
	wg.Wait()
	fmt.Printf("cond: broadcast released %d waiters\n", released)

	// bounded queue with two conditions
	var qmu sync.Mutex
	notEmpty, notFull := sync.NewCond(&qmu), sync.NewCond(&qmu)
	var q []int
	const n, capacity = 10000, 3
	sum := 0
	go func() {
		for i := 1; i <= n; i++ {
			qmu.Lock()
			for len(q) == capacity {
				notFull.Wait()
			}
			q = append(q, i)
			notEmpty.Signal()
			qmu.Unlock()
		}
	}()
	for i := 0; i < n; i++ {
		qmu.Lock()
		for len(q) == 0 {
			notEmpty.Wait()
		}
		sum += q[0]
		q = q[1:]
		notFull.Signal()
		qmu.Unlock()
	}
	fmt.Printf("cond: queue of %d items, sum %d\n", n, sum)
}

func once() {
	var o sync.Once
	var calls int64
	var wg sync.WaitGroup
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o.Do(func() { atomic.AddInt64(&calls, 1) })
		}()
	}
	wg.Wait()
	fmt.Printf("once: %d call(s) from 32 goroutines\n", calls)
}

func atomics() {
	var n atomic.Int64
	var lock int32
	shared := 0
	var v atomic.Value
	v.Store("initial")
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10000; i++ {
				n.Add(1)
				for !atomic.CompareAndSwapInt32(&lock, 0, 1) {
					runtime.Gosched()
				}
				shared += 2
				atomic.StoreInt32(&lock, 0)
			}
		}()
	}
	wg.Wait()
	v.Store(fmt.Sprintf("stored %d", n.Load()))
	old := n.Swap(-1)
	fmt.Printf("atomic: add %d, cas-locked %d, swap old %d new %d, value %q\n",
		old, shared, old, n.Load(), v.Load().(string))
}

func main() {
	mutex()
	rwmutex()
	cond()
	once()
	atomics()
	fmt.Println("gosync: done")
}
