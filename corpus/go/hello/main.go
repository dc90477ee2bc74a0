// hello: the smallest Go program; exercises the Go runtime start-up
// (threads are created by the runtime itself) and a write to stdout.
// Expects: prints "hello from go", exits 0.
package main

import "fmt"

func main() {
	fmt.Println("hello from go")
}
