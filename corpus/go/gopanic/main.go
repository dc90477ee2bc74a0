// gopanic: panics and recover, then a chosen exit status. Recovers a
// custom panic, an error value, runtime errors raised by the hardware
// (nil pointer dereference: SIGSEGV; integer division by zero: SIGFPE) and
// by checks (index out of range, nil map write, bad type assertion), a
// panic in a goroutine recovered there, a re-panic from a deferred call,
// and checks deferred calls run in LIFO order. Then os.Exit(3) skips the
// pending deferred call. Expects: deterministic output, exits 3.
package main

import (
	"errors"
	"fmt"
	"os"
)

type point struct{ x, y int }

var zero = 0

func try(name string, f func()) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if err, ok := r.(error); ok {
			fmt.Printf("%-10s recovered error: %v\n", name, err)
		} else {
			fmt.Printf("%-10s recovered value: %v\n", name, r)
		}
	}()
	f()
	fmt.Printf("%-10s did not panic\n", name)
}

func main() {
	defer fmt.Println("FAIL: deferred call in main ran despite os.Exit")

	try("custom", func() { panic("custom message") })
	try("error", func() { panic(errors.New("an error value")) })
	try("nil-deref", func() {
		var p *point
		fmt.Println(p.x)
	})
	try("div-zero", func() { fmt.Println(10 / zero) })
	try("index", func() {
		s := []int{1, 2, 3}
		i := 5
		fmt.Println(s[i])
	})
	try("nil-map", func() {
		var m map[string]int
		m["k"] = 1
	})
	try("assertion", func() {
		var v interface{} = "a string"
		fmt.Println(v.(int))
	})
	try("re-panic", func() {
		defer func() {
			r := recover()
			panic(fmt.Sprintf("re-panicked after %v", r))
		}()
		panic("first")
	})
	try("no-panic", func() {})

	done := make(chan string)
	go func() {
		defer func() { done <- fmt.Sprint("goroutine recovered: ", recover()) }()
		var a []int
		_ = a[len(a)-1+zero]
	}()
	fmt.Println(<-done)

	func() {
		for i := 1; i <= 3; i++ {
			defer fmt.Println("deferred", i)
		}
	}()
	fmt.Println("exiting with status 3")
	os.Exit(3)
}
