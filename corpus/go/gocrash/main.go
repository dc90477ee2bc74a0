// gocrash: an unrecovered panic (a runtime error: assignment to entry in a
// nil map). Go prints the panic message and a goroutine trace on stderr and
// exits with status 2. The trace depends on the build (frame offsets,
// runtime frames), so by design only the first line of the runtime's report
// reaches stderr: a deferred call in main (which runs during panicking, but
// does not recover) prints that line and then points fd 2 at /dev/null,
// where the runtime's own report goes. Deferred calls run innermost first
// before the crash. Expects: stdout "gocrash: about to panic",
// "deferred: inner", "deferred: outer"; stderr "panic: assignment to entry
// in nil map"; exits 2.
package main

import (
	"fmt"
	"os"
	"syscall"
)

// firstLine is the first line of the runtime's report for this panic.
const firstLine = "panic: assignment to entry in nil map"

func inner() {
	defer fmt.Println("deferred: inner")
	var m map[string]int
	if len(os.Args) > 5 { // never: keeps the compiler from folding the panic
		m = map[string]int{}
	}
	m["x"] = 1
}

func main() {
	defer func() {
		// no recover(): the panic continues after this returns
		fmt.Fprintln(os.Stderr, firstLine)
		if os.Getenv("GOCRASH_FULL_TRACE") != "" {
			return // for checking firstLine by hand: the runtime's report follows
		}
		null, err := syscall.Open("/dev/null", syscall.O_WRONLY|syscall.O_CLOEXEC, 0)
		if err == nil {
			err = syscall.Dup3(null, 2, 0)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "could not silence stderr:", err)
		}
	}()
	defer fmt.Println("deferred: outer")
	fmt.Println("gocrash: about to panic")
	inner()
	fmt.Println("FAIL: not reached")
}
