// gochannels: goroutines and channels. An unbuffered ping-pong between two
// goroutines, a buffered channel filled to capacity (len/cap), select with a
// default branch on a full and on an empty channel, select over several
// ready channels drained until all are closed (nil-ing closed cases), close
// and range, a receive from a closed channel (zero value, ok=false) and a
// three-stage pipeline with a fan-out/fan-in summed in a fixed order.
// Expects: deterministic output, exits 0.
package main

import (
	"fmt"
	"sync"
)

func pingPong(rounds int) int {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	v := 0
	for i := 0; i < rounds; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	_, ok := <-pong
	fmt.Printf("ping-pong: %d rounds, value %d, pong closed %v\n", rounds, v, !ok)
	return v
}

func buffered() {
	c := make(chan string, 4)
	for i := 0; ; i++ {
		select {
		case c <- fmt.Sprintf("item%d", i):
			continue
		default:
		}
		break
	}
	fmt.Printf("buffered: full at len=%d cap=%d\n", len(c), cap(c))
	close(c)
	for s := range c {
		fmt.Println("buffered: got", s)
	}
	s, ok := <-c
	fmt.Printf("buffered: after close %q ok=%v\n", s, ok)

	empty := make(chan int)
	select {
	case v := <-empty:
		fmt.Println("buffered: unexpected", v)
	default:
		fmt.Println("buffered: select default on empty channel")
	}
}

func multiSelect() {
	a, b, c := make(chan int, 8), make(chan int, 8), make(chan int, 8)
	for i := 0; i < 8; i++ {
		a <- i
		b <- i * 10
		c <- i * 100
	}
	close(a)
	close(b)
	close(c)
	sums := [3]int{}
	counts := [3]int{}
	for a != nil || b != nil || c != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			sums[0] += v
			counts[0]++
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			sums[1] += v
			counts[1]++
		case v, ok := <-c:
			if !ok {
				c = nil
				continue
			}
			sums[2] += v
			counts[2]++
		}
	}
	fmt.Printf("select: counts %v sums %v\n", counts, sums)
}

func pipeline(n, workers int) {
	src := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			src <- i
		}
		close(src)
	}()
	type res struct{ in, out int }
	out := make(chan res, 16)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range src {
				out <- res{v, v * v}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	squares := make([]int, n+1)
	for r := range out {
		squares[r.in] = r.out
	}
	total := 0
	for _, s := range squares {
		total += s
	}
	fmt.Printf("pipeline: %d items through %d workers, sum of squares %d (want %d)\n",
		n, workers, total, n*(n+1)*(2*n+1)/6)
}

func main() {
	pingPong(10000)
	buffered()
	multiSelect()
	pipeline(5000, 6)
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
	fmt.Println("gochannels: done")
}
