// gosignals: os/signal. signal.Notify for SIGUSR1 and SIGUSR2, each sent to
// the process itself with syscall.Kill and received on the channel (three
// rounds, one signal in flight at a time); SIGINT ignored with
// signal.Ignore and then sent to itself (the process must survive);
// signal.Stop, then SIGUSR1 ignored again. The runtime's own signal handling
// (sigaction, rt_sigprocmask, the signal-forwarding thread) is exercised on
// the way. Expects: deterministic output, exits 0.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGUSR2)
	pid := os.Getpid()
	for round := 1; round <= 3; round++ {
		for _, sig := range []syscall.Signal{syscall.SIGUSR1, syscall.SIGUSR2} {
			if err := syscall.Kill(pid, sig); err != nil {
				fmt.Println("kill:", err)
				os.Exit(1)
			}
			select {
			case got := <-c:
				fmt.Printf("round %d: received %v (%d)\n", round, got, got.(syscall.Signal))
			case <-time.After(5 * time.Second):
				fmt.Printf("round %d: %v not delivered\n", round, sig)
				os.Exit(1)
			}
		}
	}

	signal.Ignore(syscall.SIGINT)
	fmt.Println("SIGINT ignored:", signal.Ignored(syscall.SIGINT))
	if err := syscall.Kill(pid, syscall.SIGINT); err != nil {
		fmt.Println("kill:", err)
		os.Exit(1)
	}
	time.Sleep(20 * time.Millisecond)
	fmt.Println("survived SIGINT")

	signal.Stop(c)
	signal.Ignore(syscall.SIGUSR1)
	if err := syscall.Kill(pid, syscall.SIGUSR1); err != nil {
		fmt.Println("kill:", err)
		os.Exit(1)
	}
	time.Sleep(20 * time.Millisecond)
	select {
	case got := <-c:
		fmt.Println("after Stop: unexpected", got)
	default:
		fmt.Println("after Stop: SIGUSR1 ignored, nothing received")
	}
	signal.Reset()
	fmt.Println("gosignals: done")
}
