// gopipes: os.Pipe between goroutines. Pipe ends from os.Pipe are
// non-blocking and served by the runtime's netpoller (epoll), so a reader
// goroutine blocked on an empty pipe parks on epoll_wait instead of a
// thread. A writer sends 4 MiB in odd-sized chunks while a reader hashes
// them; a second pipe pair carries line-based request/response traffic;
// a read deadline on an empty pipe expires with os.ErrDeadlineExceeded;
// closing the write end gives the reader io.EOF.
// Expects: deterministic output, exits 0.
package main

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func check(what string, err error) {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", what, err)
		os.Exit(1)
	}
}

func bulk() {
	r, w, err := os.Pipe()
	check("pipe", err)
	type result struct {
		n   int64
		sum [32]byte
	}
	done := make(chan result)
	go func() {
		h := sha256.New()
		n, err := io.Copy(h, r)
		check("copy", err)
		r.Close()
		var s [32]byte
		copy(s[:], h.Sum(nil))
		done <- result{n, s}
	}()
	want := sha256.New()
	total := 0
	for i := 0; total < 4<<20; i++ {
		size := 1 + (i*7919)%65537
		if total+size > 4<<20 {
			size = 4<<20 - total
		}
		chunk := make([]byte, size)
		for j := range chunk {
			chunk[j] = byte(i ^ j)
		}
		_, err := w.Write(chunk)
		check("write", err)
		want.Write(chunk)
		total += size
	}
	check("close", w.Close())
	got := <-done
	fmt.Printf("bulk: %d bytes through the pipe, sha256 %x, matches %v\n",
		got.n, got.sum[:8], string(got.sum[:]) == string(want.Sum(nil)))
}

func requestResponse() {
	reqR, reqW, err := os.Pipe()
	check("pipe", err)
	respR, respW, err := os.Pipe()
	check("pipe", err)
	go func() { // server: uppercases each line
		in := bufio.NewScanner(reqR)
		for in.Scan() {
			fmt.Fprintf(respW, "%s\n", strings.ToUpper(in.Text()))
		}
		respW.Close()
		reqR.Close()
	}()
	out := bufio.NewReader(respR)
	for _, word := range []string{"alpha", "bravo", "charlie", "delta", "echo"} {
		fmt.Fprintln(reqW, word)
		line, err := out.ReadString('\n')
		check("response", err)
		fmt.Printf("request %q -> response %q\n", word, strings.TrimSpace(line))
	}
	reqW.Close()
	_, err = out.ReadString('\n')
	fmt.Println("after close: reader gets EOF:", err == io.EOF)
	respR.Close()
}

func deadline() {
	r, w, err := os.Pipe()
	check("pipe", err)
	check("deadline", r.SetReadDeadline(time.Now().Add(20*time.Millisecond)))
	buf := make([]byte, 16)
	start := time.Now()
	_, err = r.Read(buf)
	fmt.Println("deadline: read timed out:", errors.Is(err, os.ErrDeadlineExceeded),
		"after >= 20ms:", time.Since(start) >= 20*time.Millisecond)
	check("deadline", r.SetReadDeadline(time.Time{}))
	go func() {
		time.Sleep(10 * time.Millisecond)
		w.Write([]byte("late data"))
		w.Close()
	}()
	n, err := r.Read(buf)
	check("read", err)
	fmt.Printf("deadline cleared: read %q\n", buf[:n])
	r.Close()
}

func main() {
	bulk()
	requestResponse()
	deadline()
	fmt.Println("gopipes: done")
}
