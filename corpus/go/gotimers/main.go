// gotimers: the runtime's timers (and so nanosleep, futex and epoll waits
// with timeouts). time.Sleep, time.After in a select against a channel that
// never fires, a time.Ticker stopped after exactly 5 ticks, time.AfterFunc
// (one fired, one stopped before firing), a timer Reset, many concurrent
// sleepers finishing in deadline order, and context.WithTimeout reaching
// its deadline. Durations are only compared (never printed), so the output
// does not depend on timing. Expects: deterministic output, exits 0.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

func elapsedAtLeast(start time.Time, d time.Duration) bool {
	return time.Since(start) >= d
}

func main() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("sleep: 20ms elapsed", elapsedAtLeast(start, 20*time.Millisecond))

	never := make(chan int)
	start = time.Now()
	select {
	case <-never:
		fmt.Println("after: unexpected receive")
	case <-time.After(15 * time.Millisecond):
		fmt.Println("after: fired, 15ms elapsed", elapsedAtLeast(start, 15*time.Millisecond))
	}

	start = time.Now()
	t := time.NewTicker(5 * time.Millisecond)
	ticks := 0
	for range t.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	t.Stop()
	fmt.Printf("ticker: %d ticks, 25ms elapsed %v\n", ticks, elapsedAtLeast(start, 25*time.Millisecond))

	fired := make(chan string, 2)
	start = time.Now()
	time.AfterFunc(10*time.Millisecond, func() { fired <- "first" })
	stopped := time.AfterFunc(time.Hour, func() { fired <- "never" })
	fmt.Println("afterfunc:", <-fired, "10ms elapsed", elapsedAtLeast(start, 10*time.Millisecond))
	fmt.Println("afterfunc: stopped before firing", stopped.Stop())

	timer := time.NewTimer(time.Hour)
	start = time.Now()
	timer.Reset(5 * time.Millisecond)
	<-timer.C
	fmt.Println("reset: fired, 5ms elapsed", elapsedAtLeast(start, 5*time.Millisecond))

	// sleepers with well-separated deadlines (50 ms apart, from one common
	// start) report in deadline order; 50 ms leaves room for a loaded machine,
	// where 20 ms gaps were seen to swap natively
	order := make(chan int, 8)
	var wg sync.WaitGroup
	base := time.Now()
	for _, i := range []int{5, 2, 7, 0, 3, 6, 1, 4} {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			time.Sleep(time.Until(base.Add(time.Duration(i*50+5) * time.Millisecond)))
			order <- i
		}(i)
	}
	wg.Wait()
	close(order)
	got := []int{}
	for i := range order {
		got = append(got, i)
	}
	fmt.Println("sleepers: finished in order", got)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start = time.Now()
	select {
	case <-ctx.Done():
		fmt.Println("context:", ctx.Err(), errors.Is(ctx.Err(), context.DeadlineExceeded),
			"30ms elapsed", elapsedAtLeast(start, 30*time.Millisecond))
	case <-never:
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	<-ctx2.Done()
	fmt.Println("context: cancelled:", ctx2.Err())
}
