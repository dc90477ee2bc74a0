// gopreempt: asynchronous preemption. With GOMAXPROCS(1), a goroutine spins
// in a tight loop that makes no function calls (an atomic load compiles to
// a plain move), so it never reaches a cooperative preemption point. main
// sleeps 30 ms; it can only run again if the runtime's sysmon preempts the
// spinner by sending it SIGURG (signal-based async preemption). main then
// sets the flag that ends the loop. Done three times, then with two
// spinners at once. Expects: deterministic output, exits 0 (without working
// async preemption it hangs).
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var sink uint64

func spin(stop *atomic.Int32, started *atomic.Int32, wg *sync.WaitGroup) {
	defer wg.Done()
	started.Add(1)
	var n uint64
	for stop.Load() == 0 {
		n++
	}
	atomic.AddUint64(&sink, n) // the iteration count varies: never printed
}

func round(spinners int) bool {
	var stop, started atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < spinners; i++ {
		wg.Add(1)
		go spin(&stop, &started, &wg)
	}
	// let the spinners get the only P: main goes to sleep
	time.Sleep(30 * time.Millisecond)
	// running here means a spinner was preempted
	stop.Store(1)
	wg.Wait()
	return started.Load() == int32(spinners)
}

func main() {
	prev := runtime.GOMAXPROCS(1)
	fmt.Println("GOMAXPROCS set to 1, previous >= 1:", prev >= 1)
	for r := 1; r <= 3; r++ {
		fmt.Printf("round %d: main ran again while 1 goroutine spun; spinner started %v\n", r, round(1))
	}
	fmt.Printf("round 4: main ran again while 2 goroutines spun; both started %v\n", round(2))
	fmt.Println("sink nonzero:", atomic.LoadUint64(&sink) > 0)
}
